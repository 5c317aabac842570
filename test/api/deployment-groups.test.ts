import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BatchGetDeploymentGroupsCommand, CreateApplicationCommand, CreateDeploymentConfigCommand, CreateDeploymentGroupCommand,
  DeleteDeploymentGroupCommand, GetDeploymentGroupCommand, ListDeploymentGroupsCommand, ListTagsForResourceCommand,
  UpdateDeploymentGroupCommand, type CreateDeploymentGroupInput, type DeploymentGroupInfo, type UpdateDeploymentGroupInput,
} from '@aws-sdk/client-codedeploy';
import { DIALECTS } from '../support/dialects.ts';
import { startTestApi, type TestApi } from '../support/in-process-server.ts';

const ROLE = 'arn:aws:iam::123456789012:role/CodeDeployServiceRole';
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:deployments';

async function withApp(api: TestApi, applicationName = 'web', computePlatform: 'Server' | 'Lambda' | 'ECS' = 'Server') {
  await api.client.send(new CreateApplicationCommand({ applicationName, computePlatform }));
}

function createGroup(api: TestApi, input: Partial<CreateDeploymentGroupInput> = {}) {
  return api.client.send(new CreateDeploymentGroupCommand({ applicationName: 'web', deploymentGroupName: 'prod', serviceRoleArn: ROLE, ...input }));
}

function updateGroup(api: TestApi, input: Partial<UpdateDeploymentGroupInput> = {}) {
  return api.client.send(new UpdateDeploymentGroupCommand({ applicationName: 'web', currentDeploymentGroupName: 'prod', ...input }));
}

async function getGroup(api: TestApi, deploymentGroupName = 'prod', applicationName = 'web'): Promise<DeploymentGroupInfo> {
  return (await api.client.send(new GetDeploymentGroupCommand({ applicationName, deploymentGroupName }))).deploymentGroupInfo!;
}

/** Every Server setting at once, as a client that uses them all would send it. */
const FULL_SERVER: Partial<CreateDeploymentGroupInput> = {
  deploymentConfigName: 'CodeDeployDefault.HalfAtATime',
  ec2TagFilters: [{ Key: 'role', Value: 'web', Type: 'KEY_AND_VALUE' }, { Key: 'canary', Value: '', Type: 'KEY_ONLY' }],
  onPremisesTagSet: { onPremisesTagSetList: [[{ Key: 'env', Value: 'prod', Type: 'KEY_AND_VALUE' }], [{ Value: 'eu', Type: 'VALUE_ONLY' }]] },
  autoScalingGroups: ['asg-web'],
  triggerConfigurations: [{ triggerName: 'notify', triggerTargetArn: TOPIC, triggerEvents: ['DeploymentFailure', 'InstanceFailure'] }],
  alarmConfiguration: { enabled: true, ignorePollAlarmFailure: true, alarms: [{ name: 'errors-high' }, { name: 'latency-high' }] },
  autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM'] },
  outdatedInstancesStrategy: 'IGNORE',
  deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
  blueGreenDeploymentConfiguration: {
    deploymentReadyOption: { actionOnTimeout: 'STOP_DEPLOYMENT', waitTimeInMinutes: 60 },
    greenFleetProvisioningOption: { action: 'COPY_AUTO_SCALING_GROUP' },
    terminateBlueInstancesOnDeploymentSuccess: { action: 'TERMINATE', terminationWaitTimeInMinutes: 120 },
  },
  loadBalancerInfo: { targetGroupInfoList: [{ name: 'tg-web' }] },
  terminationHookEnabled: true,
};

for (const dialect of DIALECTS) {
  describe(`deployment groups on ${dialect}`, () => {
    it('fills every default GetDeploymentGroup reports for a minimal Server group', async (t) => {
      const api = await startTestApi(dialect);
      t.after(() => api.close());
      await withApp(api);
      const { deploymentGroupId } = await createGroup(api);
      assert.deepEqual(await getGroup(api), {
        applicationName: 'web',
        deploymentGroupId,
        deploymentGroupName: 'prod',
        deploymentConfigName: 'CodeDeployDefault.OneAtATime',
        computePlatform: 'Server',
        serviceRoleArn: ROLE,
        ec2TagFilters: [],
        onPremisesInstanceTagFilters: [],
        autoScalingGroups: [],
        triggerConfigurations: [],
        deploymentStyle: { deploymentType: 'IN_PLACE', deploymentOption: 'WITHOUT_TRAFFIC_CONTROL' },
        outdatedInstancesStrategy: 'UPDATE',
        terminationHookEnabled: false,
      });
    });

    it('round-trips every Server setting exactly', async (t) => {
      const api = await startTestApi(dialect);
      t.after(() => api.close());
      await withApp(api);
      await createGroup(api, FULL_SERVER);
      const info = await getGroup(api);
      const { autoScalingGroups, ...rest } = FULL_SERVER;
      for (const [key, value] of Object.entries(rest)) assert.deepEqual(info[key as keyof DeploymentGroupInfo], value, key);
      assert.deepEqual(info.autoScalingGroups, [{ name: 'asg-web' }]);
      assert.deepEqual(info.onPremisesInstanceTagFilters, []);
      assert.equal(info.ec2TagSet, undefined);
    });

    it('fills the booleans of alarm and rollback configurations as AWS reports them', async (t) => {
      const api = await startTestApi(dialect);
      t.after(() => api.close());
      await withApp(api);
      await createGroup(api, {
        alarmConfiguration: { alarms: [{ name: 'a' }] }, autoRollbackConfiguration: { events: ['DEPLOYMENT_STOP_ON_REQUEST'] },
        deploymentStyle: { deploymentType: 'BLUE_GREEN' },
      });
      const info = await getGroup(api);
      assert.deepEqual(info.alarmConfiguration, { enabled: false, ignorePollAlarmFailure: false, alarms: [{ name: 'a' }] });
      assert.deepEqual(info.autoRollbackConfiguration, { enabled: false, events: ['DEPLOYMENT_STOP_ON_REQUEST'] });
      assert.deepEqual(info.deploymentStyle, { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITHOUT_TRAFFIC_CONTROL' });
    });

    it('gives ECS and Lambda groups their platform defaults and keeps ECS services and target group pairs', async (t) => {
      const api = await startTestApi(dialect);
      t.after(() => api.close());
      await withApp(api, 'svc', 'ECS');
      await withApp(api, 'fn', 'Lambda');
      const loadBalancerInfo = {
        targetGroupPairInfoList: [{
          targetGroups: [{ name: 'blue' }, { name: 'green' }],
          prodTrafficRoute: { listenerArns: ['arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/lb/1/2'] },
          testTrafficRoute: { listenerArns: ['arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/lb/1/3'] },
        }],
      };
      await createGroup(api, { applicationName: 'svc', ecsServices: [{ clusterName: 'main', serviceName: 'api' }], loadBalancerInfo });
      const ecs = await getGroup(api, 'prod', 'svc');
      assert.equal(ecs.computePlatform, 'ECS');
      assert.equal(ecs.deploymentConfigName, 'CodeDeployDefault.ECSAllAtOnce');
      assert.deepEqual(ecs.deploymentStyle, { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' });
      assert.deepEqual(ecs.ecsServices, [{ clusterName: 'main', serviceName: 'api' }]);
      assert.deepEqual(ecs.loadBalancerInfo, loadBalancerInfo);

      await createGroup(api, { applicationName: 'fn' });
      const fn = await getGroup(api, 'prod', 'fn');
      assert.equal(fn.computePlatform, 'Lambda');
      assert.equal(fn.deploymentConfigName, 'CodeDeployDefault.LambdaAllAtOnce');
      assert.deepEqual(fn.deploymentStyle, { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' });
      await createGroup(api, { applicationName: 'fn', deploymentGroupName: 'canary', deploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes' });
      assert.equal((await getGroup(api, 'canary', 'fn')).deploymentConfigName, 'CodeDeployDefault.LambdaCanary10Percent5Minutes');
    });

    it('uses a custom deployment config and refuses configs of another platform or that do not exist', async (t) => {
      const api = await startTestApi(dialect);
      t.after(() => api.close());
      await withApp(api);
      await api.client.send(new CreateDeploymentConfigCommand({ deploymentConfigName: 'three', minimumHealthyHosts: { type: 'HOST_COUNT', value: 3 } }));
      await createGroup(api, { deploymentConfigName: 'three' });
      assert.equal((await getGroup(api)).deploymentConfigName, 'three');
      await assert.rejects(createGroup(api, { deploymentGroupName: 'b', deploymentConfigName: 'nope' }), { name: 'DeploymentConfigDoesNotExistException' });
      await assert.rejects(createGroup(api, { deploymentGroupName: 'b', deploymentConfigName: 'CodeDeployDefault.LambdaAllAtOnce' }),
        { name: 'InvalidDeploymentConfigNameException' });
      await assert.rejects(createGroup(api, { deploymentGroupName: 'b', deploymentConfigName: 'bad name' }), { name: 'InvalidDeploymentConfigNameException' });
    });

    it('refuses missing or malformed names, a missing application and a taken name', async (t) => {
      const api = await startTestApi(dialect);
      t.after(() => api.close());
      await assert.rejects(createGroup(api), { name: 'ApplicationDoesNotExistException' });
      await withApp(api);
      await assert.rejects(createGroup(api, { applicationName: undefined }), { name: 'ApplicationNameRequiredException' });
      await assert.rejects(createGroup(api, { deploymentGroupName: undefined }), { name: 'DeploymentGroupNameRequiredException' });
      await assert.rejects(createGroup(api, { deploymentGroupName: 'pr\u00f6d' }), { name: 'InvalidDeploymentGroupNameException' });
      await assert.rejects(createGroup(api, { deploymentGroupName: 'p'.repeat(101) }), { name: 'InvalidDeploymentGroupNameException' });
      await assert.rejects(createGroup(api, { serviceRoleArn: undefined }), { name: 'RoleRequiredException' });
      await assert.rejects(createGroup(api, { serviceRoleArn: 'not-a-role' }), { name: 'InvalidRoleException' });
      await assert.rejects(createGroup(api, { serviceRoleArn: 'arn:aws:iam::123456789012:user/bob' }), { name: 'InvalidRoleException' });
      await createGroup(api, { serviceRoleArn: 'arn:aws:iam::123456789012:role/service-role/CodeDeploy' });
      await assert.rejects(createGroup(api), { name: 'DeploymentGroupAlreadyExistsException' });
    });

    it('refuses every invalid setting with the exception the model lists for it', async (t) => {
      const api = await startTestApi(dialect);
      t.after(() => api.close());
      await withApp(api);
      await withApp(api, 'svc', 'ECS');
      const filter = { Key: 'k', Value: 'v', Type: 'KEY_AND_VALUE' as const };
      const trigger = (i: number) => ({ triggerName: `t${i}`, triggerTargetArn: TOPIC, triggerEvents: ['DeploymentStart' as const] });
      const cases: [Partial<CreateDeploymentGroupInput>, string][] = [
        [{ ec2TagFilters: [filter], ec2TagSet: { ec2TagSetList: [[filter]] } }, 'InvalidEC2TagCombinationException'],
        [{ onPremisesInstanceTagFilters: [filter], onPremisesTagSet: { onPremisesTagSetList: [[filter]] } }, 'InvalidOnPremisesTagCombinationException'],
        [{ ec2TagSet: { ec2TagSetList: [[filter], [filter], [filter], [filter]] } }, 'TagSetListLimitExceededException'],
        [{ onPremisesTagSet: { onPremisesTagSetList: [[filter], [filter], [filter], [filter]] } }, 'TagSetListLimitExceededException'],
        [{ ec2TagFilters: [{ Type: 'KEY_ONLY', Value: 'v' }] }, 'InvalidEC2TagException'],
        [{ ec2TagFilters: [{ Type: 'KEY_AND_VALUE', Key: 'k', Value: 'x'.repeat(257) }] }, 'InvalidEC2TagException'],
        [{ onPremisesInstanceTagFilters: [{ Type: 'VALUE_ONLY', Key: 'k' }] }, 'InvalidTagException'],
        [{ triggerConfigurations: Array.from({ length: 11 }, (_, i) => trigger(i)) }, 'TriggerTargetsLimitExceededException'],
        [{ triggerConfigurations: [trigger(1), trigger(1)] }, 'InvalidTriggerConfigException'],
        [{ triggerConfigurations: [{ triggerName: 'x', triggerEvents: ['DeploymentStart'] }] }, 'InvalidTriggerConfigException'],
        [{ triggerConfigurations: [{ triggerName: 'x', triggerTargetArn: TOPIC, triggerEvents: ['Nope' as never] }] }, 'InvalidTriggerConfigException'],
        [{ alarmConfiguration: { enabled: true, alarms: Array.from({ length: 11 }, (_, i) => ({ name: `a${i}` })) } }, 'AlarmsLimitExceededException'],
        [{ alarmConfiguration: { enabled: true, alarms: [] } }, 'InvalidAlarmConfigException'],
        [{ autoRollbackConfiguration: { enabled: true, events: [] } }, 'InvalidAutoRollbackConfigException'],
        [{ autoRollbackConfiguration: { enabled: true, events: ['NOPE' as never] } }, 'InvalidAutoRollbackConfigException'],
        [{ loadBalancerInfo: { elbInfoList: Array.from({ length: 11 }, (_, i) => ({ name: `elb${i}` })) } }, 'InvalidLoadBalancerInfoException'],
        [{ loadBalancerInfo: { targetGroupInfoList: Array.from({ length: 11 }, (_, i) => ({ name: `tg${i}` })) } }, 'InvalidLoadBalancerInfoException'],
        [{ autoScalingGroups: Array.from({ length: 11 }, (_, i) => `asg${i}`) }, 'InvalidAutoScalingGroupException'],
        [{ deploymentStyle: { deploymentType: 'SIDEWAYS' as never } }, 'InvalidDeploymentStyleException'],
        [{ blueGreenDeploymentConfiguration: { terminateBlueInstancesOnDeploymentSuccess: { action: 'TERMINATE', terminationWaitTimeInMinutes: 2881 } } },
          'InvalidBlueGreenDeploymentConfigurationException'],
        [{ deploymentStyle: { deploymentType: 'BLUE_GREEN' }, blueGreenDeploymentConfiguration: { greenFleetProvisioningOption: { action: 'COPY_AUTO_SCALING_GROUP' } } },
          'InvalidBlueGreenDeploymentConfigurationException'],
        [{ ecsServices: [{ clusterName: 'c', serviceName: 's' }] }, 'InvalidECSServiceException'],
        [{ tags: [{ Key: 'k'.repeat(129), Value: 'v' }] }, 'InvalidTagsToAddException'],
        [{ applicationName: 'svc' }, 'InvalidECSServiceException'],
        [{ applicationName: 'svc', ecsServices: [{ clusterName: 'c', serviceName: 's' }, { clusterName: 'c', serviceName: 't' }] }, 'InvalidECSServiceException'],
        [{ applicationName: 'svc', ecsServices: [{ clusterName: 'c' }] }, 'InvalidECSServiceException'],
        [{ applicationName: 'svc', ecsServices: [{ clusterName: 'c', serviceName: 's' }], deploymentStyle: { deploymentType: 'IN_PLACE' } },
          'InvalidDeploymentStyleException'],
        [{ applicationName: 'svc', ecsServices: [{ clusterName: 'c', serviceName: 's' }], loadBalancerInfo: { targetGroupPairInfoList: [{}, {}] } },
          'InvalidTargetGroupPairException'],
        [{ applicationName: 'svc', ecsServices: [{ clusterName: 'c', serviceName: 's' }],
          loadBalancerInfo: { targetGroupPairInfoList: [{ targetGroups: [{ name: 'only' }], prodTrafficRoute: { listenerArns: ['l'] } }] } },
          'InvalidTargetGroupPairException'],
      ];
      for (const [input, name] of cases) {
        await assert.rejects(createGroup(api, input), { name }, JSON.stringify(input));
      }
      const { deploymentGroups } = await api.client.send(new ListDeploymentGroupsCommand({ applicationName: 'web' }));
      assert.deepEqual(deploymentGroups, []);
    });

    it('replaces only the members an update carries, and clears those sent empty', async (t) => {
      const api = await startTestApi(dialect);
      t.after(() => api.close());
      await withApp(api);
      await createGroup(api, FULL_SERVER);
      const out = await updateGroup(api, {
        ec2TagFilters: [],
        ec2TagSet: { ec2TagSetList: [[{ Key: 'tier', Value: 'front', Type: 'KEY_AND_VALUE' }]] },
        triggerConfigurations: [],
        alarmConfiguration: { enabled: false, ignorePollAlarmFailure: false, alarms: [] },
        autoRollbackConfiguration: { enabled: false, events: [] },
        loadBalancerInfo: {},
        outdatedInstancesStrategy: 'UPDATE',
        deploymentConfigName: 'CodeDeployDefault.AllAtOnce',
      });
      assert.deepEqual(out.hooksNotCleanedUp, []);
      const info = await getGroup(api);
      assert.deepEqual(info.ec2TagFilters, []);
      assert.deepEqual(info.ec2TagSet, { ec2TagSetList: [[{ Key: 'tier', Value: 'front', Type: 'KEY_AND_VALUE' }]] });
      assert.deepEqual(info.triggerConfigurations, []);
      assert.equal(info.alarmConfiguration, undefined);
      assert.equal(info.autoRollbackConfiguration, undefined);
      assert.equal(info.loadBalancerInfo, undefined);
      assert.equal(info.outdatedInstancesStrategy, 'UPDATE');
      assert.equal(info.deploymentConfigName, 'CodeDeployDefault.AllAtOnce');
      // Untouched members stay as created.
      assert.deepEqual(info.onPremisesTagSet, FULL_SERVER.onPremisesTagSet);
      assert.deepEqual(info.blueGreenDeploymentConfiguration, FULL_SERVER.blueGreenDeploymentConfiguration);
      assert.deepEqual(info.autoScalingGroups, [{ name: 'asg-web' }]);
      assert.equal(info.serviceRoleArn, ROLE);
      assert.equal(info.terminationHookEnabled, true);
    });

    it('checks the combination of stored and updated settings', async (t) => {
      const api = await startTestApi(dialect);
      t.after(() => api.close());
      await withApp(api);
      await createGroup(api, { ec2TagFilters: [{ Key: 'a', Type: 'KEY_ONLY' }] });
      await assert.rejects(updateGroup(api, { ec2TagSet: { ec2TagSetList: [[{ Key: 'b', Type: 'KEY_ONLY' }]] } }),
        { name: 'InvalidEC2TagCombinationException' });
      await assert.rejects(updateGroup(api, { serviceRoleArn: 'arn:aws:s3:::bucket' }), { name: 'InvalidRoleException' });
      await assert.rejects(updateGroup(api, { deploymentConfigName: 'missing' }), { name: 'DeploymentConfigDoesNotExistException' });
      assert.deepEqual((await getGroup(api)).ec2TagFilters, [{ Key: 'a', Type: 'KEY_ONLY' }]);
    });

    it('renames a group with its tags and deployments, and refuses taken names and missing groups', async (t) => {
      const api = await startTestApi(dialect);
      t.after(() => api.close());
      await withApp(api);
      const { deploymentGroupId } = await createGroup(api, { tags: [{ Key: 'team', Value: 'web' }] });
      await createGroup(api, { deploymentGroupName: 'staging' });
      await insertDeployment(api, { id: 'd-RENAMED01', status: 'Succeeded', createTime: 1000 });
      await assert.rejects(updateGroup(api, { newDeploymentGroupName: 'staging' }), { name: 'DeploymentGroupAlreadyExistsException' });
      await assert.rejects(updateGroup(api, { currentDeploymentGroupName: 'nope' }), { name: 'DeploymentGroupDoesNotExistException' });
      await assert.rejects(updateGroup(api, { applicationName: 'nope' }), { name: 'ApplicationDoesNotExistException' });
      await assert.rejects(updateGroup(api, { currentDeploymentGroupName: undefined }), { name: 'DeploymentGroupNameRequiredException' });
      await assert.rejects(updateGroup(api, { newDeploymentGroupName: 'no way' }), { name: 'InvalidDeploymentGroupNameException' });
      await assert.rejects(updateGroup(api, { newDeploymentGroupName: 'n'.repeat(101) }), { name: 'InvalidDeploymentGroupNameException' });
      await updateGroup(api, { newDeploymentGroupName: 'production' });
      await assert.rejects(getGroup(api, 'prod'), { name: 'DeploymentGroupDoesNotExistException' });
      const info = await getGroup(api, 'production');
      assert.equal(info.deploymentGroupId, deploymentGroupId);
      assert.equal(info.lastSuccessfulDeployment?.deploymentId, 'd-RENAMED01');
      const { Tags } = await api.client.send(new ListTagsForResourceCommand({
        ResourceArn: 'arn:aws:codedeploy:us-east-1:123456789012:deploymentgroup:web/production',
      }));
      assert.deepEqual(Tags, [{ Key: 'team', Value: 'web' }]);
    });

    it('reports the last attempted and last successful deployments and the target revision', async (t) => {
      const api = await startTestApi(dialect);
      t.after(() => api.close());
      await withApp(api);
      await createGroup(api);
      const revision = { revisionType: 'S3', s3Location: { bucket: 'b', key: 'app-2.zip', bundleType: 'zip' } };
      await insertDeployment(api, { id: 'd-AAAAAAAA1', status: 'Succeeded', createTime: 1_000_000, completeTime: 1_060_000 });
      await insertDeployment(api, { id: 'd-AAAAAAAA2', status: 'Succeeded', createTime: 2_000_000, completeTime: 2_060_000, revision });
      await insertDeployment(api, { id: 'd-AAAAAAAA3', status: 'Failed', createTime: 3_000_000, completeTime: 3_060_000 });
      await insertDeployment(api, { id: 'd-AAAAAAAA4', status: 'InProgress', createTime: 4_000_000 });
      const info = await getGroup(api);
      assert.deepEqual(info.lastAttemptedDeployment, { deploymentId: 'd-AAAAAAAA4', status: 'InProgress', createTime: new Date(4_000_000) });
      assert.deepEqual(info.lastSuccessfulDeployment, {
        deploymentId: 'd-AAAAAAAA2', status: 'Succeeded', createTime: new Date(2_000_000), endTime: new Date(2_060_000),
      });
      assert.deepEqual(info.targetRevision, revision);
    });

    it('deletes groups with their tags, and succeeds for groups that do not exist', async (t) => {
      const api = await startTestApi(dialect);
      t.after(() => api.close());
      await withApp(api);
      await createGroup(api, { tags: [{ Key: 'k', Value: 'v' }] });
      const out = await api.client.send(new DeleteDeploymentGroupCommand({ applicationName: 'web', deploymentGroupName: 'prod' }));
      assert.deepEqual(out.hooksNotCleanedUp, []);
      await assert.rejects(getGroup(api), { name: 'DeploymentGroupDoesNotExistException' });
      await api.client.send(new DeleteDeploymentGroupCommand({ applicationName: 'web', deploymentGroupName: 'prod' }));
      await api.client.send(new DeleteDeploymentGroupCommand({ applicationName: 'nope', deploymentGroupName: 'prod' }));
      await assert.rejects(api.client.send(new DeleteDeploymentGroupCommand({ applicationName: 'web', deploymentGroupName: 'a b' })),
        { name: 'InvalidDeploymentGroupNameException' });
      await createGroup(api);
      const { Tags } = await api.client.send(new ListTagsForResourceCommand({
        ResourceArn: 'arn:aws:codedeploy:us-east-1:123456789012:deploymentgroup:web/prod',
      }));
      assert.deepEqual(Tags, []);
    });

    it('lists group names sorted over pages and needs the application', async (t) => {
      const api = await startTestApi(dialect);
      t.after(() => api.close());
      await withApp(api);
      await withApp(api, 'other');
      const names = Array.from({ length: 120 }, (_, i) => `g-${String(i).padStart(3, '0')}`);
      for (const deploymentGroupName of [...names].reverse()) await createGroup(api, { deploymentGroupName });
      await createGroup(api, { applicationName: 'other', deploymentGroupName: 'elsewhere' });
      const first = await api.client.send(new ListDeploymentGroupsCommand({ applicationName: 'web' }));
      assert.equal(first.applicationName, 'web');
      assert.equal(first.deploymentGroups!.length, 100);
      const second = await api.client.send(new ListDeploymentGroupsCommand({ applicationName: 'web', nextToken: first.nextToken }));
      assert.equal(second.nextToken, undefined);
      assert.deepEqual([...first.deploymentGroups!, ...second.deploymentGroups!], names);
      await assert.rejects(api.client.send(new ListDeploymentGroupsCommand({ applicationName: 'nope' })), { name: 'ApplicationDoesNotExistException' });
      await assert.rejects(api.client.send(new ListDeploymentGroupsCommand({ applicationName: 'web', nextToken: 'x' })), { name: 'InvalidNextTokenException' });
    });

    it('batch-gets groups in the order asked and names the unknown ones in errorMessage', async (t) => {
      const api = await startTestApi(dialect);
      t.after(() => api.close());
      await withApp(api);
      await createGroup(api, { deploymentGroupName: 'a' });
      await createGroup(api, { deploymentGroupName: 'b' });
      const out = await api.client.send(new BatchGetDeploymentGroupsCommand({ applicationName: 'web', deploymentGroupNames: ['b', 'zz', 'a'] }));
      assert.deepEqual(out.deploymentGroupsInfo?.map((g) => g.deploymentGroupName), ['b', 'a']);
      assert.equal(out.deploymentGroupsInfo![0]!.deploymentConfigName, 'CodeDeployDefault.OneAtATime');
      assert.match(out.errorMessage!, /zz/);
      const all = await api.client.send(new BatchGetDeploymentGroupsCommand({ applicationName: 'web', deploymentGroupNames: ['a'] }));
      assert.equal(all.errorMessage, undefined);
      const many = Array.from({ length: 101 }, (_, i) => `g${i}`);
      await assert.rejects(api.client.send(new BatchGetDeploymentGroupsCommand({ applicationName: 'web', deploymentGroupNames: many })),
        { name: 'BatchLimitExceededException' });
      await assert.rejects(api.client.send(new BatchGetDeploymentGroupsCommand({ applicationName: 'nope', deploymentGroupNames: ['a'] })),
        { name: 'ApplicationDoesNotExistException' });
      await assert.rejects(api.client.send(new BatchGetDeploymentGroupsCommand({ applicationName: 'web', deploymentGroupNames: ['bad name'] })),
        { name: 'InvalidDeploymentGroupNameException' });
    });

    it('answers GetDeploymentGroup errors for missing names, applications and groups', async (t) => {
      const api = await startTestApi(dialect);
      t.after(() => api.close());
      await assert.rejects(getGroup(api, 'prod', 'nope'), { name: 'ApplicationDoesNotExistException' });
      await withApp(api);
      await assert.rejects(getGroup(api, 'nope'), { name: 'DeploymentGroupDoesNotExistException' });
      await assert.rejects(api.client.send(new GetDeploymentGroupCommand({ applicationName: 'web' } as never)),
        { name: 'DeploymentGroupNameRequiredException' });
      await assert.rejects(getGroup(api, 'x', 'bad name'), { name: 'InvalidApplicationNameException' });
    });
  });
}

/** Writes a deployment row directly, as the deployments repository lays it out. */
async function insertDeployment(api: TestApi, d: { id: string; status: string; createTime: number; completeTime?: number; revision?: object }) {
  await api.store.db.insertInto('deployments').values({
    deployment_id: d.id,
    application_name: 'web',
    deployment_group_name: 'prod',
    status: d.status,
    create_time: d.createTime,
    complete_time: d.completeTime ?? null,
    body: JSON.stringify({ revision: d.revision ?? { revisionType: 'S3', s3Location: { bucket: 'b', key: 'k.zip', bundleType: 'zip' } } }),
    version: 0,
  }).execute();
}
