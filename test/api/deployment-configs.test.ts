import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateApplicationCommand, CreateDeploymentConfigCommand, CreateDeploymentGroupCommand, DeleteDeploymentConfigCommand,
  DeleteDeploymentGroupCommand, GetDeploymentConfigCommand, ListDeploymentConfigsCommand, type CreateDeploymentConfigInput,
} from '@aws-sdk/client-codedeploy';
import { PREDEFINED_CONFIG_NAMES } from '../../src/core/deployment-configs.ts';
import { DIALECTS } from '../support/dialects.ts';
import { startTestApi, type TestApi } from '../support/in-process-server.ts';

const ROLE = 'arn:aws:iam::123456789012:role/CodeDeployServiceRole';

function create(api: TestApi, input: Partial<CreateDeploymentConfigInput>) {
  return api.client.send(new CreateDeploymentConfigCommand({ deploymentConfigName: 'custom', ...input }));
}

for (const dialect of DIALECTS) {
  describe(`deployment configs on ${dialect}`, () => {
    it('answers for the predefined configs with fixed ids, a fixed past createTime and their settings', async (t) => {
      const api = await startTestApi(dialect);
      t.after(() => api.close());
      const get = async (deploymentConfigName: string) =>
        (await api.client.send(new GetDeploymentConfigCommand({ deploymentConfigName }))).deploymentConfigInfo!;
      const one = await get('CodeDeployDefault.OneAtATime');
      assert.deepEqual(one, {
        deploymentConfigId: '00000000-0000-0000-0000-000000000001',
        deploymentConfigName: 'CodeDeployDefault.OneAtATime',
        computePlatform: 'Server',
        createTime: new Date(Date.UTC(2014, 10, 12)),
        minimumHealthyHosts: { type: 'MOST_CONCURRENCY', value: 1 },
      });
      assert.deepEqual((await get('CodeDeployDefault.HalfAtATime')).minimumHealthyHosts, { type: 'FLEET_PERCENT', value: 50 });
      assert.deepEqual((await get('CodeDeployDefault.AllAtOnce')).minimumHealthyHosts, { type: 'HOST_COUNT', value: 0 });
      const ecs = await get('CodeDeployDefault.ECSCanary10Percent15Minutes');
      assert.equal(ecs.computePlatform, 'ECS');
      assert.equal(ecs.minimumHealthyHosts, undefined);
      assert.deepEqual(ecs.trafficRoutingConfig, { type: 'TimeBasedCanary', timeBasedCanary: { canaryPercentage: 10, canaryInterval: 15 } });
      const lambda = await get('CodeDeployDefault.LambdaLinear10PercentEvery1Minute');
      assert.equal(lambda.computePlatform, 'Lambda');
      assert.deepEqual(lambda.trafficRoutingConfig, { type: 'TimeBasedLinear', timeBasedLinear: { linearPercentage: 10, linearInterval: 1 } });
      assert.deepEqual((await get('CodeDeployDefault.LambdaAllAtOnce')).trafficRoutingConfig, { type: 'AllAtOnce' });
      const ids = new Set<string>();
      for (const name of PREDEFINED_CONFIG_NAMES) ids.add((await get(name)).deploymentConfigId!);
      assert.equal(ids.size, 17);
    });

    it('looks predefined names up exactly, so a different letter case does not exist', async (t) => {
      const api = await startTestApi(dialect);
      t.after(() => api.close());
      await assert.rejects(api.client.send(new GetDeploymentConfigCommand({ deploymentConfigName: 'CodeDeployDefault.ECSCanary10percent5Minutes' })),
        { name: 'DeploymentConfigDoesNotExistException' });
      await assert.rejects(api.client.send(new GetDeploymentConfigCommand({ deploymentConfigName: 'codedeploydefault.OneAtATime' })),
        { name: 'DeploymentConfigDoesNotExistException' });
      await assert.rejects(api.client.send(new GetDeploymentConfigCommand({ deploymentConfigName: 'bad name' })),
        { name: 'InvalidDeploymentConfigNameException' });
      await assert.rejects(api.client.send(new GetDeploymentConfigCommand({} as never)), { name: 'DeploymentConfigNameRequiredException' });
    });

    it('creates Server, Lambda and ECS configs that read back as created', async (t) => {
      const api = await startTestApi(dialect);
      t.after(() => api.close());
      const server = await create(api, {
        deploymentConfigName: 'two-at-a-time', minimumHealthyHosts: { type: 'HOST_COUNT', value: 2 },
        zonalConfig: { firstZoneMonitorDurationInSeconds: 60, monitorDurationInSeconds: 30, minimumHealthyHostsPerZone: { type: 'FLEET_PERCENT', value: 50 } },
      });
      assert.match(server.deploymentConfigId!, /^[0-9a-f-]{36}$/);
      const info = (await api.client.send(new GetDeploymentConfigCommand({ deploymentConfigName: 'two-at-a-time' }))).deploymentConfigInfo!;
      assert.equal(info.deploymentConfigId, server.deploymentConfigId);
      assert.equal(info.computePlatform, 'Server');
      assert.deepEqual(info.minimumHealthyHosts, { type: 'HOST_COUNT', value: 2 });
      assert.deepEqual(info.zonalConfig, {
        firstZoneMonitorDurationInSeconds: 60, monitorDurationInSeconds: 30, minimumHealthyHostsPerZone: { type: 'FLEET_PERCENT', value: 50 },
      });
      assert.equal(info.trafficRoutingConfig, undefined);
      assert.ok(info.createTime instanceof Date);

      const canary = { type: 'TimeBasedCanary' as const, timeBasedCanary: { canaryPercentage: 20, canaryInterval: 7 } };
      await create(api, { deploymentConfigName: 'fn-canary', computePlatform: 'Lambda', trafficRoutingConfig: canary });
      const fn = (await api.client.send(new GetDeploymentConfigCommand({ deploymentConfigName: 'fn-canary' }))).deploymentConfigInfo!;
      assert.equal(fn.computePlatform, 'Lambda');
      assert.deepEqual(fn.trafficRoutingConfig, canary);
      assert.equal(fn.minimumHealthyHosts, undefined);

      const linear = { type: 'TimeBasedLinear' as const, timeBasedLinear: { linearPercentage: 25, linearInterval: 2 } };
      await create(api, { deploymentConfigName: 'svc-linear', computePlatform: 'ECS', trafficRoutingConfig: linear });
      const svc = (await api.client.send(new GetDeploymentConfigCommand({ deploymentConfigName: 'svc-linear' }))).deploymentConfigInfo!;
      assert.deepEqual(svc.trafficRoutingConfig, linear);
    });

    it('accepts a traffic routing config on a Server config, as a Cutover extension', async (t) => {
      const api = await startTestApi(dialect);
      t.after(() => api.close());
      const routing = { type: 'TimeBasedCanary' as const, timeBasedCanary: { canaryPercentage: 10, canaryInterval: 5 } };
      await create(api, { minimumHealthyHosts: { type: 'FLEET_PERCENT', value: 75 }, trafficRoutingConfig: routing });
      const info = (await api.client.send(new GetDeploymentConfigCommand({ deploymentConfigName: 'custom' }))).deploymentConfigInfo!;
      assert.deepEqual(info.trafficRoutingConfig, routing);
      assert.deepEqual(info.minimumHealthyHosts, { type: 'FLEET_PERCENT', value: 75 });
    });

    it('refuses reserved, malformed and duplicate names', async (t) => {
      const api = await startTestApi(dialect);
      t.after(() => api.close());
      const hosts = { minimumHealthyHosts: { type: 'HOST_COUNT' as const, value: 1 } };
      await assert.rejects(create(api, { deploymentConfigName: 'CodeDeployDefault.Mine', ...hosts }), { name: 'InvalidDeploymentConfigNameException' });
      await assert.rejects(create(api, { deploymentConfigName: 'CodeDeployDefault.OneAtATime', ...hosts }), { name: 'InvalidDeploymentConfigNameException' });
      await assert.rejects(create(api, { deploymentConfigName: 'bad/name', ...hosts }), { name: 'InvalidDeploymentConfigNameException' });
      await assert.rejects(create(api, { deploymentConfigName: '\u00fcber', ...hosts }), { name: 'InvalidDeploymentConfigNameException' });
      await assert.rejects(create(api, { deploymentConfigName: undefined, ...hosts }), { name: 'DeploymentConfigNameRequiredException' });
      await create(api, hosts);
      await assert.rejects(create(api, hosts), { name: 'DeploymentConfigAlreadyExistsException' });
    });

    it('refuses invalid minimum healthy hosts, traffic routing and zonal settings', async (t) => {
      const api = await startTestApi(dialect);
      t.after(() => api.close());
      const cases: [Partial<CreateDeploymentConfigInput>, string][] = [
        [{}, 'InvalidMinimumHealthyHostValueException'],
        [{ minimumHealthyHosts: { type: 'HOST_COUNT', value: -1 } }, 'InvalidMinimumHealthyHostValueException'],
        [{ minimumHealthyHosts: { type: 'FLEET_PERCENT', value: 100 } }, 'InvalidMinimumHealthyHostValueException'],
        [{ minimumHealthyHosts: { type: 'FLEET_PERCENT' } }, 'InvalidMinimumHealthyHostValueException'],
        [{ computePlatform: 'Lambda' }, 'InvalidTrafficRoutingConfigurationException'],
        [{ computePlatform: 'Lambda', trafficRoutingConfig: { type: 'AllAtOnce' }, minimumHealthyHosts: { type: 'HOST_COUNT', value: 1 } },
          'InvalidMinimumHealthyHostValueException'],
        [{ computePlatform: 'ECS', trafficRoutingConfig: { type: 'TimeBasedCanary' } }, 'InvalidTrafficRoutingConfigurationException'],
        [{ computePlatform: 'ECS', trafficRoutingConfig: { type: 'TimeBasedCanary', timeBasedCanary: { canaryPercentage: 0, canaryInterval: 5 } } },
          'InvalidTrafficRoutingConfigurationException'],
        [{ computePlatform: 'ECS', trafficRoutingConfig: { type: 'TimeBasedLinear', timeBasedLinear: { linearPercentage: 100, linearInterval: 5 } } },
          'InvalidTrafficRoutingConfigurationException'],
        [{ computePlatform: 'ECS', trafficRoutingConfig: { type: 'TimeBasedLinear', timeBasedLinear: { linearPercentage: 10, linearInterval: 0 } } },
          'InvalidTrafficRoutingConfigurationException'],
        [{ computePlatform: 'ECS', trafficRoutingConfig: { type: 'AllAtOnce', timeBasedLinear: { linearPercentage: 10, linearInterval: 1 } } },
          'InvalidTrafficRoutingConfigurationException'],
        [{ computePlatform: 'Lambda', trafficRoutingConfig: { type: 'TimeBasedCanary', timeBasedCanary: { canaryPercentage: 10, canaryInterval: 2881 } } },
          'InvalidTrafficRoutingConfigurationException'],
        [{ computePlatform: 'Lambda', trafficRoutingConfig: { type: 'TimeBasedLinear', timeBasedLinear: { linearPercentage: 10, linearInterval: 321 } } },
          'InvalidTrafficRoutingConfigurationException'],
        [{ computePlatform: 'Lambda', trafficRoutingConfig: { type: 'AllAtOnce' }, zonalConfig: { monitorDurationInSeconds: 60 } },
          'InvalidZonalDeploymentConfigurationException'],
        [{ minimumHealthyHosts: { type: 'HOST_COUNT', value: 1 }, zonalConfig: { monitorDurationInSeconds: -1 } },
          'InvalidZonalDeploymentConfigurationException'],
        [{ minimumHealthyHosts: { type: 'HOST_COUNT', value: 1 }, zonalConfig: { minimumHealthyHostsPerZone: { type: 'FLEET_PERCENT', value: 100 } } },
          'InvalidZonalDeploymentConfigurationException'],
      ];
      for (const [input, name] of cases) {
        await assert.rejects(create(api, input), { name }, JSON.stringify(input));
      }
      // 10% every 320 minutes is 9 waits of 320 = 2880 minutes: exactly the Lambda maximum.
      await create(api, {
        deploymentConfigName: 'slowest', computePlatform: 'Lambda',
        trafficRoutingConfig: { type: 'TimeBasedLinear', timeBasedLinear: { linearPercentage: 10, linearInterval: 320 } },
      });
      const { deploymentConfigsList } = await api.client.send(new ListDeploymentConfigsCommand({}));
      assert.deepEqual(deploymentConfigsList!.slice(17), ['slowest']);
    });

    it('refuses more than 200 custom configs', async (t) => {
      const api = await startTestApi(dialect);
      t.after(() => api.close());
      for (let i = 0; i < 200; i++) {
        await api.store.deploymentConfigs.create({ deploymentConfigName: `c${i}`, computePlatform: 'Server', minimumHealthyHosts: { type: 'HOST_COUNT', value: 0 } });
      }
      await assert.rejects(create(api, { minimumHealthyHosts: { type: 'HOST_COUNT', value: 1 } }), { name: 'DeploymentConfigLimitExceededException' });
    });

    it('deletes custom configs, refuses predefined and used ones, and succeeds for missing ones', async (t) => {
      const api = await startTestApi(dialect);
      t.after(() => api.close());
      await create(api, { minimumHealthyHosts: { type: 'HOST_COUNT', value: 1 } });
      await api.client.send(new CreateApplicationCommand({ applicationName: 'web' }));
      await api.client.send(new CreateDeploymentGroupCommand({
        applicationName: 'web', deploymentGroupName: 'prod', serviceRoleArn: ROLE, deploymentConfigName: 'custom',
      }));
      await assert.rejects(api.client.send(new DeleteDeploymentConfigCommand({ deploymentConfigName: 'custom' })), { name: 'DeploymentConfigInUseException' });
      await assert.rejects(api.client.send(new DeleteDeploymentConfigCommand({ deploymentConfigName: 'CodeDeployDefault.AllAtOnce' })),
        { name: 'InvalidOperationException' });
      await api.client.send(new DeleteDeploymentGroupCommand({ applicationName: 'web', deploymentGroupName: 'prod' }));
      await api.client.send(new DeleteDeploymentConfigCommand({ deploymentConfigName: 'custom' }));
      await assert.rejects(api.client.send(new GetDeploymentConfigCommand({ deploymentConfigName: 'custom' })), { name: 'DeploymentConfigDoesNotExistException' });
      await api.client.send(new DeleteDeploymentConfigCommand({ deploymentConfigName: 'custom' }));
      await assert.rejects(api.client.send(new DeleteDeploymentConfigCommand({ deploymentConfigName: 'bad name' })),
        { name: 'InvalidDeploymentConfigNameException' });
    });

    it('lists the predefined configs first, then custom ones by name, over pages', async (t) => {
      const api = await startTestApi(dialect);
      t.after(() => api.close());
      const custom = Array.from({ length: 170 }, (_, i) => `cfg-${String(i).padStart(3, '0')}`);
      for (const deploymentConfigName of [...custom].reverse()) {
        await api.store.deploymentConfigs.create({ deploymentConfigName, computePlatform: 'Server', minimumHealthyHosts: { type: 'HOST_COUNT', value: 0 } });
      }
      const first = await api.client.send(new ListDeploymentConfigsCommand({}));
      assert.equal(first.deploymentConfigsList!.length, 100);
      assert.deepEqual(first.deploymentConfigsList!.slice(0, 17), PREDEFINED_CONFIG_NAMES);
      const second = await api.client.send(new ListDeploymentConfigsCommand({ nextToken: first.nextToken }));
      assert.equal(second.nextToken, undefined);
      assert.deepEqual([...first.deploymentConfigsList!, ...second.deploymentConfigsList!], [...PREDEFINED_CONFIG_NAMES, ...custom]);
      await assert.rejects(api.client.send(new ListDeploymentConfigsCommand({ nextToken: 'garbage' })), { name: 'InvalidNextTokenException' });
    });
  });
}
