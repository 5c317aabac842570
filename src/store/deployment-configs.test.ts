import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DIALECTS, openTestStore } from '../../test/support/dialects.ts';
import { PREDEFINED_CONFIG_NAMES } from '../core/deployment-configs.ts';
import type { DeploymentGroupSettings } from './deployment-groups.ts';

async function storeFor(t: { after(fn: () => Promise<void>): void }, dialect: (typeof DIALECTS)[number]) {
  const opened = await openTestStore(dialect, { now: () => 5_000 });
  t.after(() => opened.close());
  return opened.store;
}

const SETTINGS: DeploymentGroupSettings = {
  serviceRoleArn: 'arn:aws:iam::123456789012:role/r',
  deploymentStyle: { deploymentType: 'IN_PLACE', deploymentOption: 'WITHOUT_TRAFFIC_CONTROL' },
  outdatedInstancesStrategy: 'UPDATE',
  terminationHookEnabled: false,
};

for (const dialect of DIALECTS) {
  describe(`DeploymentConfigStore on ${dialect}`, () => {
    it('finds predefined configs by exact name and custom ones as stored', async (t) => {
      const store = await storeFor(t, dialect);
      assert.equal((await store.deploymentConfigs.find('CodeDeployDefault.AllAtOnce'))?.computePlatform, 'Server');
      assert.equal(await store.deploymentConfigs.find('CodeDeployDefault.allatonce'), undefined);
      const created = await store.deploymentConfigs.create({
        deploymentConfigName: 'zonal', computePlatform: 'Server', minimumHealthyHosts: { type: 'FLEET_PERCENT', value: 25 },
        zonalConfig: { monitorDurationInSeconds: 600 },
      });
      assert.equal(created.result, 'created');
      assert.deepEqual(await store.deploymentConfigs.find('zonal'), {
        deploymentConfigId: created.result === 'created' ? created.deploymentConfigId : '',
        deploymentConfigName: 'zonal', computePlatform: 'Server', createTime: new Date(5_000),
        minimumHealthyHosts: { type: 'FLEET_PERCENT', value: 25 }, trafficRoutingConfig: undefined, zonalConfig: { monitorDurationInSeconds: 600 },
      });
    });

    it('refuses a taken or predefined name and the 201st custom config', async (t) => {
      const store = await storeFor(t, dialect);
      const config = (name: string) => ({ deploymentConfigName: name, computePlatform: 'Server' as const, minimumHealthyHosts: { type: 'HOST_COUNT' as const, value: 0 } });
      assert.equal((await store.deploymentConfigs.create(config('CodeDeployDefault.OneAtATime'))).result, 'exists');
      const raced = await Promise.all([1, 2].map(() => store.deploymentConfigs.create(config('same'))));
      assert.deepEqual(raced.map((r) => r.result).sort(), ['created', 'exists']);
      for (let i = 1; i < 200; i++) await store.deploymentConfigs.create(config(`c${i}`));
      assert.equal((await store.deploymentConfigs.create(config('last'))).result, 'limit');
    });

    it('pages predefined names first, then custom names, without repeats', async (t) => {
      const store = await storeFor(t, dialect);
      for (const name of ['b', 'a', 'c']) {
        await store.deploymentConfigs.create({ deploymentConfigName: name, computePlatform: 'Server', minimumHealthyHosts: { type: 'HOST_COUNT', value: 0 } });
      }
      const first = await store.deploymentConfigs.listNames({ limit: 10 });
      assert.deepEqual(first, PREDEFINED_CONFIG_NAMES.slice(0, 10));
      const second = await store.deploymentConfigs.listNames({ after: first.at(-1), limit: 10 });
      assert.deepEqual(second, [...PREDEFINED_CONFIG_NAMES.slice(10), 'a', 'b', 'c']);
      assert.deepEqual(await store.deploymentConfigs.listNames({ after: 'a', limit: 10 }), ['b', 'c']);
      assert.deepEqual(await store.deploymentConfigs.listNames({ after: 'c', limit: 10 }), []);
    });

    it('deletes only unused custom configs, with their tags', async (t) => {
      const store = await storeFor(t, dialect);
      await store.deploymentConfigs.create({ deploymentConfigName: 'used', computePlatform: 'Server', minimumHealthyHosts: { type: 'HOST_COUNT', value: 0 } });
      await store.resourceTags.tag('deploymentconfig:used', [{ Key: 'k', Value: 'v' }]);
      await store.applications.create({ applicationName: 'web', computePlatform: 'Server' });
      await store.deploymentGroups.create({ applicationName: 'web', deploymentGroupName: 'g', deploymentConfigName: 'used', settings: SETTINGS });
      assert.equal(await store.deploymentConfigs.delete('CodeDeployDefault.HalfAtATime'), 'predefined');
      assert.equal(await store.deploymentConfigs.delete('used'), 'in-use');
      assert.equal(await store.deploymentConfigs.delete('missing'), 'missing');
      await store.deploymentGroups.delete('web', 'g');
      assert.equal(await store.deploymentConfigs.delete('used'), 'deleted');
      assert.equal(await store.deploymentConfigs.find('used'), undefined);
      assert.deepEqual(await store.resourceTags.list('deploymentconfig:used'), []);
    });
  });
}
