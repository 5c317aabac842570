import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  BatchGetDeploymentInstancesCommand, BatchGetDeploymentTargetsCommand, GetDeploymentInstanceCommand,
  GetDeploymentTargetCommand, ListDeploymentInstancesCommand, ListDeploymentTargetsCommand,
  type ListDeploymentInstancesInput, type ListDeploymentTargetsInput,
} from '@aws-sdk/client-codedeploy';
import { DIALECTS } from '../support/dialects.ts';
import { ECS_LOAD_BALANCER, startDeploymentFixture, type DeploymentFixture } from './deployment-fixtures.ts';

const INSTALL_EVENTS = ['ApplicationStop', 'DownloadBundle', 'BeforeInstall', 'Install', 'AfterInstall', 'ApplicationStart', 'ValidateService'];

for (const dialect of DIALECTS) {
  describe(`deployment targets and instances on ${dialect}`, () => {
    let f: DeploymentFixture;
    let inPlace: string;
    let blueGreen: string;
    let ecs: string;
    let createdAt: number;
    before(async () => {
      f = await startDeploymentFixture(dialect);
      await f.createGroup({ deploymentGroupName: 'in-place', onPremisesInstanceTagFilters: [{ Key: 'role', Value: 'web', Type: 'KEY_AND_VALUE' }] });
      await f.createGroup({
        deploymentGroupName: 'blue-green',
        ec2TagSet: { ec2TagSetList: [[{ Key: 'role', Value: 'web', Type: 'KEY_AND_VALUE' }, { Key: 'role', Value: 'db', Type: 'KEY_AND_VALUE' }]] },
        deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITHOUT_TRAFFIC_CONTROL' },
      });
      await f.createGroup({
        applicationName: 'svc', deploymentGroupName: 'api',
        ecsServices: [{ clusterName: 'main', serviceName: 'api' }], loadBalancerInfo: ECS_LOAD_BALANCER,
      });
      createdAt = f.clock.advance(1000);
      inPlace = await f.deploy({ deploymentGroupName: 'in-place' });
      blueGreen = await f.deploy({
        deploymentGroupName: 'blue-green', targetInstances: { ec2TagSet: { ec2TagSetList: [[{ Key: 'role', Value: 'green', Type: 'KEY_AND_VALUE' }]] } },
      });
      ecs = await f.deploy({
        applicationName: 'svc', deploymentGroupName: 'api',
        revision: { revisionType: 'AppSpecContent', appSpecContent: { content: 'version: 0.0\nResources: []' } },
      });
      // A finished target, so that status filters have something to tell apart.
      await f.api.store.deployments.update(blueGreen, (_, targets) => ({
        targets: targets.filter((t) => t.targetId === 'green-1').map((t) => ({ ...t, status: 'Ready' as const })),
      }));
    });
    after(() => f.api.close());

    const listTargets = async (input: Partial<ListDeploymentTargetsInput>) =>
      (await f.client.send(new ListDeploymentTargetsCommand({ deploymentId: inPlace, ...input })));
    const listInstances = async (input: Partial<ListDeploymentInstancesInput>) =>
      (await f.client.send(new ListDeploymentInstancesCommand({ deploymentId: inPlace, ...input })));

    it('gets an instance target with its ARN, label and pending lifecycle events', async () => {
      const { deploymentTarget } = await f.client.send(new GetDeploymentTargetCommand({ deploymentId: inPlace, targetId: 'web-1' }));
      assert.deepEqual(deploymentTarget, {
        deploymentTargetType: 'InstanceTarget',
        instanceTarget: {
          deploymentId: inPlace,
          targetId: 'web-1',
          targetArn: f.instanceArn('web-1'),
          status: 'Pending',
          lastUpdatedAt: new Date(createdAt),
          lifecycleEvents: INSTALL_EVENTS.map((lifecycleEventName) => ({ lifecycleEventName, status: 'Pending' })),
          instanceLabel: 'Blue',
        },
      });
    });

    it('refuses GetDeploymentTarget for a missing, malformed or foreign target and a bad deployment', async () => {
      const get = (deploymentId: string, targetId: string) => f.client.send(new GetDeploymentTargetCommand({ deploymentId, targetId }));
      await assert.rejects(get(inPlace, 'db-1'), { name: 'DeploymentTargetDoesNotExistException' });
      await assert.rejects(get(inPlace, ''), { name: 'DeploymentTargetIdRequiredException' });
      await assert.rejects(get(inPlace, 'web 1'), { name: 'InvalidDeploymentTargetIdException' });
      await assert.rejects(get('', 'web-1'), { name: 'DeploymentIdRequiredException' });
      await assert.rejects(get('d-1', 'web-1'), { name: 'InvalidDeploymentIdException' });
      await assert.rejects(get('d-AAAAAAAAA', 'web-1'), { name: 'DeploymentDoesNotExistException' });
    });

    it('gets targets in batches of at most 25, in request order', async () => {
      const batch = (targetIds: string[], deploymentId = blueGreen) =>
        f.client.send(new BatchGetDeploymentTargetsCommand({ deploymentId, targetIds }));
      const { deploymentTargets } = await batch(['green-2', 'db-1', 'green-1']);
      assert.deepEqual(deploymentTargets?.map((t) => [t.instanceTarget?.targetId, t.instanceTarget?.instanceLabel, t.instanceTarget?.status]),
        [['green-2', 'Green', 'Pending'], ['db-1', 'Blue', 'Pending'], ['green-1', 'Green', 'Ready']]);
      await assert.rejects(batch(['green-1', 'nope']), { name: 'DeploymentTargetDoesNotExistException' });
      await assert.rejects(batch([]), { name: 'DeploymentTargetIdRequiredException' });
      await assert.rejects(batch(Array.from({ length: 26 }, (_, i) => `i-${i}`)), { name: 'DeploymentTargetListSizeExceededException' });
      await assert.rejects(batch(['green-1'], 'd-AAAAAAAAA'), { name: 'DeploymentDoesNotExistException' });
      const ecsTargets = await batch(['main:api'], ecs);
      assert.equal(ecsTargets.deploymentTargets?.[0]?.ecsTarget?.targetId, 'main:api');
    });

    it('lists target ids by id, filtered by status and by blue/green label', async () => {
      assert.deepEqual((await listTargets({})).targetIds, ['web-1', 'web-2']);
      const bg = (targetFilters: ListDeploymentTargetsInput['targetFilters']) => listTargets({ deploymentId: blueGreen, targetFilters });
      assert.deepEqual((await bg({})).targetIds, ['db-1', 'green-1', 'green-2', 'web-1', 'web-2']);
      assert.deepEqual((await bg({ ServerInstanceLabel: ['Green'] })).targetIds, ['green-1', 'green-2']);
      assert.deepEqual((await bg({ TargetStatus: ['Ready'] })).targetIds, ['green-1']);
      assert.deepEqual((await bg({ TargetStatus: ['Pending'], ServerInstanceLabel: ['Green'] })).targetIds, ['green-2']);
    });

    it('refuses target filters the deployment cannot have', async () => {
      await assert.rejects(listTargets({ targetFilters: { ServerInstanceLabel: ['Blue'] } }), { name: 'InvalidDeploymentInstanceTypeException' });
      await assert.rejects(listTargets({ deploymentId: blueGreen, targetFilters: { TargetStatus: ['Done'] } }), { name: 'InvalidInstanceStatusException' });
      await assert.rejects(listTargets({ deploymentId: blueGreen, targetFilters: { ServerInstanceLabel: ['Teal'] } }), { name: 'InvalidInstanceTypeException' });
      await assert.rejects(listTargets({ targetFilters: { Colour: ['Blue'] } as never }), { name: 'InvalidTargetFilterNameException' });
      await assert.rejects(listTargets({ deploymentId: 'd-AAAAAAAAA' }), { name: 'DeploymentDoesNotExistException' });
      await assert.rejects(listTargets({ nextToken: 'garbage' }), { name: 'InvalidNextTokenException' });
    });

    it('pages through the targets of a large deployment', async () => {
      const deploymentId = 'd-LARGE0001';
      await f.api.store.deployments.create({
        deployment: { deploymentId, applicationName: 'web', deploymentGroupName: 'large', status: 'Created', createTime: createdAt, details: {}, control: {} },
        targets: Array.from({ length: 130 }, (_, i) => ({
          deploymentId, targetId: `host-${String(i).padStart(3, '0')}`, targetType: 'InstanceTarget' as const, status: 'Pending' as const,
          instanceLabel: 'Blue' as const, lastUpdatedAt: createdAt, lifecycleEvents: [],
        })),
      });
      const first = await listTargets({ deploymentId });
      const second = await listTargets({ deploymentId, nextToken: first.nextToken });
      assert.equal(first.targetIds?.length, 100);
      assert.equal(second.targetIds?.length, 30);
      assert.equal(second.nextToken, undefined);
      assert.equal(second.targetIds?.[0], 'host-100');
      const instances = await listInstances({ deploymentId });
      assert.equal(instances.instancesList?.length, 100);
      assert.equal((await listInstances({ deploymentId, nextToken: instances.nextToken })).instancesList?.length, 30);
    });

    it('gets an instance summary by instance name or ARN', async () => {
      const expected = {
        deploymentId: inPlace,
        instanceId: f.instanceArn('web-2'),
        status: 'Pending',
        lastUpdatedAt: new Date(createdAt),
        lifecycleEvents: INSTALL_EVENTS.map((lifecycleEventName) => ({ lifecycleEventName, status: 'Pending' })),
        instanceType: 'Blue',
      };
      const get = (instanceId: string, deploymentId = inPlace) => f.client.send(new GetDeploymentInstanceCommand({ deploymentId, instanceId }));
      assert.deepEqual((await get('web-2')).instanceSummary, expected);
      assert.deepEqual((await get(f.instanceArn('web-2'))).instanceSummary, expected);
      await assert.rejects(get('db-1'), { name: 'InstanceDoesNotExistException' });
      await assert.rejects(get(''), { name: 'InstanceIdRequiredException' });
      await assert.rejects(get('web 2'), { name: 'InvalidInstanceNameException' });
      await assert.rejects(get('main:api', ecs), { name: 'InvalidComputePlatformException' });
      await assert.rejects(get('web-2', 'nope'), { name: 'InvalidDeploymentIdException' });
    });

    it('gets instance summaries in batches, naming unknown instances in errorMessage', async () => {
      const batch = (instanceIds: string[], deploymentId = blueGreen) =>
        f.client.send(new BatchGetDeploymentInstancesCommand({ deploymentId, instanceIds }));
      const out = await batch(['green-1', 'nope', f.instanceArn('web-1')]);
      assert.deepEqual(out.instancesSummary?.map((s) => [s.instanceId, s.instanceType, s.status]),
        [[f.instanceArn('green-1'), 'Green', 'Ready'], [f.instanceArn('web-1'), 'Blue', 'Pending']]);
      assert.match(out.errorMessage ?? '', /nope/);
      assert.equal((await batch(['green-1'])).errorMessage, undefined);
      await assert.rejects(batch([]), { name: 'InstanceIdRequiredException' });
      await assert.rejects(batch(Array.from({ length: 26 }, (_, i) => `i-${i}`)), { name: 'BatchLimitExceededException' });
      await assert.rejects(batch(['bad name']), { name: 'InvalidInstanceNameException' });
      await assert.rejects(batch(['main:api'], ecs), { name: 'InvalidComputePlatformException' });
      await assert.rejects(batch(['green-1'], 'd-AAAAAAAAA'), { name: 'DeploymentDoesNotExistException' });
    });

    it('lists instance ids filtered by status and environment', async () => {
      assert.deepEqual((await listInstances({})).instancesList, ['web-1', 'web-2']);
      assert.deepEqual((await listInstances({ deploymentId: blueGreen, instanceTypeFilter: ['Blue'] })).instancesList, ['db-1', 'web-1', 'web-2']);
      assert.deepEqual((await listInstances({ deploymentId: blueGreen, instanceStatusFilter: ['Ready', 'Failed'] })).instancesList, ['green-1']);
      await assert.rejects(listInstances({ instanceTypeFilter: ['Green'] }), { name: 'InvalidDeploymentInstanceTypeException' });
      await assert.rejects(listInstances({ instanceStatusFilter: ['Done' as 'Pending'] }), { name: 'InvalidInstanceStatusException' });
      await assert.rejects(listInstances({ deploymentId: blueGreen, instanceTypeFilter: ['Teal' as 'Blue'] }), { name: 'InvalidInstanceTypeException' });
      await assert.rejects(listInstances({ deploymentId: ecs }), { name: 'InvalidComputePlatformException' });
      await assert.rejects(listInstances({ deploymentId: '' }), { name: 'DeploymentIdRequiredException' });
      await assert.rejects(listInstances({ nextToken: 'garbage' }), { name: 'InvalidNextTokenException' });
    });
  });
}
