import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as CD from '@aws-sdk/client-codedeploy';
import { CODEDEPLOY_MODEL } from '../../src/api/service-model.ts';
import { DIALECTS } from '../support/dialects.ts';
import { insertGitHubTokenNames, readAccountId } from '../support/server-store.ts';
import { codeDeployClient } from '../support/sdk.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';

// @aws-sdk/client-codedeploy end to end against a real `cutover server` process: each of the
// 47 operations is called at least once with a realistic input and its output is asserted.
// The SDK is the strictest client there is: it parses every member by the model, so a wrong
// type or a timestamp that is not epoch seconds fails here first. SQLite always; PostgreSQL
// when the suite has one (the brief asks for one PostgreSQL pass of this suite).

const ROLE_ARN = 'arn:aws:iam::123456789012:role/CodeDeployServiceRole';
const SESSION_ARN = (name: string) => `arn:aws:sts::123456789012:assumed-role/CodeDeployInstance/${name}`;
const IN_PLACE_EVENTS = ['ApplicationStop', 'DownloadBundle', 'BeforeInstall', 'Install', 'AfterInstall', 'ApplicationStart', 'ValidateService'];
const PREDEFINED_CONFIG_COUNT = 17;
const ACTIVE = ['Created', 'Queued', 'InProgress'];

/** Rejects unless the promise fails with exactly the named AWS exception. */
async function rejectsWith(promise: Promise<unknown>, name: string): Promise<void> {
  await assert.rejects(promise, (error: Error) => {
    assert.equal(error.name, name, `expected ${name}, got ${error.name}: ${error.message}`);
    return true;
  });
}

/**
 * Asserts a deploymentOverview for one target: every count present, the counts sum to one, and
 * the one is in a status named in `allowed` (the engine may already have moved it along).
 */
function assertOverview(overview: CD.DeploymentOverview | undefined, allowed: Partial<Record<keyof CD.DeploymentOverview, number>>): void {
  const counts = overview as Record<string, number>;
  for (const key of ['Pending', 'InProgress', 'Succeeded', 'Failed', 'Skipped', 'Ready']) {
    assert.equal(typeof counts?.[key], 'number', `deploymentOverview.${key} missing: ${JSON.stringify(overview)}`);
  }
  const nonZero = Object.entries(counts).filter(([, n]) => n !== 0);
  assert.equal(nonZero.length, 1, JSON.stringify(overview));
  assert.ok(nonZero[0]![0] in allowed && nonZero[0]![1] === 1, `unexpected deploymentOverview ${JSON.stringify(overview)}`);
}

/** Asserts a timestamp the SDK parsed: a Date within the last few minutes. */
function assertRecent(value: Date | undefined, what: string): void {
  assert.ok(value instanceof Date, `${what} should be a Date, got ${value}`);
  assert.ok(Math.abs(Date.now() - value.getTime()) < 5 * 60_000, `${what} is not recent: ${value.toISOString()}`);
}

/** Records which operations a client sent, by command name. */
function recordOperations(client: CD.CodeDeployClient, called: Set<string>): void {
  client.middlewareStack.add((next, context) => async (args) => {
    called.add(String(context.commandName).replace(/Command$/, ''));
    return next(args);
  }, { step: 'initialize', name: 'recordOperations' });
}

for (const dialect of DIALECTS) {
  describe(`@aws-sdk/client-codedeploy against a cutover server on ${dialect}`, { timeout: 300_000 }, () => {
    const called = new Set<string>();
    let server: ServerProcess;
    let client: CD.CodeDeployClient;
    let accountId: string;

    before(async () => {
      server = await startServerProcess({ dialect });
      client = codeDeployClient(server.url, server.credentials);
      recordOperations(client, called);
      accountId = await readAccountId(server);
    });
    after(async () => {
      client?.destroy();
      await server?.destroy();
    });

    /** An application with a group that selects one tagged on-premises instance. */
    async function fleet(prefix: string, groupInput: Partial<CD.CreateDeploymentGroupInput> = {}) {
      const app = `${prefix}-app`;
      const group = `${prefix}-dg`;
      const host = `${prefix}-host`;
      await client.send(new CD.CreateApplicationCommand({ applicationName: app }));
      await client.send(new CD.RegisterOnPremisesInstanceCommand({ instanceName: host, iamSessionArn: SESSION_ARN(host) }));
      await client.send(new CD.AddTagsToOnPremisesInstancesCommand({ instanceNames: [host], tags: [{ Key: 'fleet', Value: prefix }] }));
      await client.send(new CD.CreateDeploymentGroupCommand({
        applicationName: app, deploymentGroupName: group, serviceRoleArn: ROLE_ARN,
        onPremisesInstanceTagFilters: [{ Key: 'fleet', Value: prefix, Type: 'KEY_AND_VALUE' }], ...groupInput,
      }));
      return { app, group, host };
    }

    it('creates, gets, lists, batch-gets, renames and deletes an application', async () => {
      const created = await client.send(new CD.CreateApplicationCommand({
        applicationName: 'sdk-app', computePlatform: 'Server', tags: [{ Key: 'team', Value: 'web' }],
      }));
      assert.match(created.applicationId ?? '', /^[0-9a-f-]{36}$/);
      const { application } = await client.send(new CD.GetApplicationCommand({ applicationName: 'sdk-app' }));
      assert.equal(application?.applicationId, created.applicationId);
      assert.equal(application?.applicationName, 'sdk-app');
      assert.equal(application?.computePlatform, 'Server');
      assert.equal(application?.linkedToGitHub, false);
      assertRecent(application?.createTime, 'application.createTime');
      const listed = await client.send(new CD.ListApplicationsCommand({}));
      assert.ok(listed.applications?.includes('sdk-app'));
      assert.equal(listed.nextToken, undefined);
      const batch = await client.send(new CD.BatchGetApplicationsCommand({ applicationNames: ['sdk-app'] }));
      assert.deepEqual(batch.applicationsInfo, [application]);

      await client.send(new CD.CreateDeploymentGroupCommand({ applicationName: 'sdk-app', deploymentGroupName: 'sdk-app-dg', serviceRoleArn: ROLE_ARN }));
      await client.send(new CD.UpdateApplicationCommand({ applicationName: 'sdk-app', newApplicationName: 'sdk-app-2' }));
      const renamed = await client.send(new CD.GetApplicationCommand({ applicationName: 'sdk-app-2' }));
      assert.equal(renamed.application?.applicationId, created.applicationId);
      const moved = await client.send(new CD.ListDeploymentGroupsCommand({ applicationName: 'sdk-app-2' }));
      assert.deepEqual(moved.deploymentGroups, ['sdk-app-dg'], 'a rename carries the groups along');
      await client.send(new CD.DeleteApplicationCommand({ applicationName: 'sdk-app-2' }));
      await rejectsWith(client.send(new CD.GetApplicationCommand({ applicationName: 'sdk-app-2' })), 'ApplicationDoesNotExistException');
      await client.send(new CD.CreateApplicationCommand({ applicationName: 'sdk-app-2' }));
      const fresh = await client.send(new CD.ListDeploymentGroupsCommand({ applicationName: 'sdk-app-2' }));
      assert.deepEqual(fresh.deploymentGroups, [], 'deleting an application deleted its groups');
    });

    it('creates a server config with a zonal configuration, reads the predefined ones, lists and deletes', async () => {
      const zonalConfig = { firstZoneMonitorDurationInSeconds: 600, monitorDurationInSeconds: 300,
        minimumHealthyHostsPerZone: { type: 'HOST_COUNT' as const, value: 1 } };
      const created = await client.send(new CD.CreateDeploymentConfigCommand({
        deploymentConfigName: 'sdk-zonal', computePlatform: 'Server', minimumHealthyHosts: { type: 'HOST_COUNT', value: 2 }, zonalConfig,
      }));
      const info = (await client.send(new CD.GetDeploymentConfigCommand({ deploymentConfigName: 'sdk-zonal' }))).deploymentConfigInfo;
      assert.equal(info?.deploymentConfigId, created.deploymentConfigId);
      assert.equal(info?.deploymentConfigName, 'sdk-zonal');
      assert.equal(info?.computePlatform, 'Server');
      assert.deepEqual(info?.minimumHealthyHosts, { type: 'HOST_COUNT', value: 2 });
      assert.deepEqual(info?.zonalConfig, zonalConfig);
      assert.equal(info?.trafficRoutingConfig, undefined);
      assertRecent(info?.createTime, 'deploymentConfigInfo.createTime');

      const predefined = async (name: string) => (await client.send(new CD.GetDeploymentConfigCommand({ deploymentConfigName: name }))).deploymentConfigInfo;
      const half = await predefined('CodeDeployDefault.HalfAtATime');
      assert.deepEqual(half?.minimumHealthyHosts, { type: 'FLEET_PERCENT', value: 50 });
      const all = await predefined('CodeDeployDefault.AllAtOnce');
      assert.deepEqual(all?.minimumHealthyHosts, { type: 'HOST_COUNT', value: 0 });
      const ecs = await predefined('CodeDeployDefault.ECSCanary10Percent5Minutes');
      assert.equal(ecs?.computePlatform, 'ECS');
      assert.deepEqual(ecs?.trafficRoutingConfig, { type: 'TimeBasedCanary', timeBasedCanary: { canaryPercentage: 10, canaryInterval: 5 } });
      const lambda = await predefined('CodeDeployDefault.LambdaLinear10PercentEvery2Minutes');
      assert.equal(lambda?.computePlatform, 'Lambda');
      assert.deepEqual(lambda?.trafficRoutingConfig, { type: 'TimeBasedLinear', timeBasedLinear: { linearPercentage: 10, linearInterval: 2 } });
      assert.deepEqual((await predefined('CodeDeployDefault.LambdaAllAtOnce'))?.trafficRoutingConfig, { type: 'AllAtOnce' });

      const listed = await client.send(new CD.ListDeploymentConfigsCommand({}));
      assert.ok((listed.deploymentConfigsList ?? []).length >= PREDEFINED_CONFIG_COUNT + 1);
      assert.ok(listed.deploymentConfigsList?.includes('sdk-zonal'));
      await client.send(new CD.CreateApplicationCommand({ applicationName: 'sdk-cfg-app' }));
      await client.send(new CD.CreateDeploymentGroupCommand({ applicationName: 'sdk-cfg-app', deploymentGroupName: 'uses-zonal',
        serviceRoleArn: ROLE_ARN, deploymentConfigName: 'sdk-zonal' }));
      await rejectsWith(client.send(new CD.DeleteDeploymentConfigCommand({ deploymentConfigName: 'sdk-zonal' })), 'DeploymentConfigInUseException');
      await client.send(new CD.DeleteDeploymentGroupCommand({ applicationName: 'sdk-cfg-app', deploymentGroupName: 'uses-zonal' }));
      await client.send(new CD.DeleteDeploymentConfigCommand({ deploymentConfigName: 'sdk-zonal' }));
      await rejectsWith(client.send(new CD.GetDeploymentConfigCommand({ deploymentConfigName: 'sdk-zonal' })), 'DeploymentConfigDoesNotExistException');
    });

    it('round-trips every deployment group setting, updates, renames and deletes the group', async () => {
      await client.send(new CD.CreateApplicationCommand({ applicationName: 'sdk-dg-app' }));
      const settings = {
        deploymentConfigName: 'CodeDeployDefault.HalfAtATime',
        ec2TagFilters: [{ Key: 'Name', Value: 'web', Type: 'KEY_AND_VALUE' as const }],
        autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_FAILURE' as const, 'DEPLOYMENT_STOP_ON_ALARM' as const] },
        alarmConfiguration: { enabled: true, ignorePollAlarmFailure: true, alarms: [{ name: 'latency' }, { name: 'errors' }] },
        triggerConfigurations: [{ triggerName: 'ops', triggerTargetArn: 'arn:aws:sns:us-east-1:123456789012:ops',
          triggerEvents: ['DeploymentStart' as const, 'InstanceFailure' as const] }],
        deploymentStyle: { deploymentType: 'IN_PLACE' as const, deploymentOption: 'WITH_TRAFFIC_CONTROL' as const },
        loadBalancerInfo: { targetGroupInfoList: [{ name: 'web-tg' }] },
        outdatedInstancesStrategy: 'UPDATE' as const,
        terminationHookEnabled: false,
      };
      const created = await client.send(new CD.CreateDeploymentGroupCommand({
        applicationName: 'sdk-dg-app', deploymentGroupName: 'sdk-dg', serviceRoleArn: ROLE_ARN, ...settings,
        tags: [{ Key: 'team', Value: 'web' }],
      }));
      const info = (await client.send(new CD.GetDeploymentGroupCommand({ applicationName: 'sdk-dg-app', deploymentGroupName: 'sdk-dg' }))).deploymentGroupInfo;
      assert.equal(info?.deploymentGroupId, created.deploymentGroupId);
      assert.equal(info?.applicationName, 'sdk-dg-app');
      assert.equal(info?.serviceRoleArn, ROLE_ARN);
      assert.equal(info?.computePlatform, 'Server');
      for (const [member, value] of Object.entries(settings)) {
        assert.deepEqual((info as Record<string, unknown>)[member], value, `deploymentGroupInfo.${member}`);
      }
      assert.deepEqual(info?.onPremisesInstanceTagFilters, []);
      assert.equal(info?.onPremisesTagSet, undefined);
      assert.equal(info?.blueGreenDeploymentConfiguration, undefined);

      const listed = await client.send(new CD.ListDeploymentGroupsCommand({ applicationName: 'sdk-dg-app' }));
      assert.deepEqual([listed.applicationName, listed.deploymentGroups], ['sdk-dg-app', ['sdk-dg']]);
      const batch = await client.send(new CD.BatchGetDeploymentGroupsCommand({ applicationName: 'sdk-dg-app', deploymentGroupNames: ['sdk-dg', 'sdk-nope'] }));
      assert.deepEqual(batch.deploymentGroupsInfo, [info]);
      assert.equal(typeof batch.errorMessage, 'string', 'a missing group is reported in errorMessage');

      const updated = await client.send(new CD.UpdateDeploymentGroupCommand({
        applicationName: 'sdk-dg-app', currentDeploymentGroupName: 'sdk-dg', newDeploymentGroupName: 'sdk-dg-2',
        ec2TagFilters: [], onPremisesInstanceTagFilters: [{ Key: 'env', Value: 'prod', Type: 'KEY_AND_VALUE' }],
      }));
      assert.deepEqual(updated.hooksNotCleanedUp, []);
      const renamedInfo = (await client.send(new CD.GetDeploymentGroupCommand({ applicationName: 'sdk-dg-app', deploymentGroupName: 'sdk-dg-2' }))).deploymentGroupInfo;
      assert.equal(renamedInfo?.deploymentGroupId, created.deploymentGroupId);
      assert.deepEqual(renamedInfo?.ec2TagFilters, []);
      assert.deepEqual(renamedInfo?.onPremisesInstanceTagFilters, [{ Key: 'env', Value: 'prod', Type: 'KEY_AND_VALUE' }]);
      assert.deepEqual(renamedInfo?.alarmConfiguration, settings.alarmConfiguration, 'members not given to update are kept');
      const deleted = await client.send(new CD.DeleteDeploymentGroupCommand({ applicationName: 'sdk-dg-app', deploymentGroupName: 'sdk-dg-2' }));
      assert.deepEqual(deleted.hooksNotCleanedUp, []);
      await rejectsWith(client.send(new CD.GetDeploymentGroupCommand({ applicationName: 'sdk-dg-app', deploymentGroupName: 'sdk-dg-2' })),
        'DeploymentGroupDoesNotExistException');
    });

    it('tags an application ARN, finds the tags with and without the account, and untags', async () => {
      await client.send(new CD.CreateApplicationCommand({ applicationName: 'sdk-tag-app' }));
      const arn = `arn:aws:codedeploy:us-east-1:${accountId}:application:sdk-tag-app`;
      await client.send(new CD.TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 'owner', Value: 'ops' }, { Key: 'cost', Value: '42' }] }));
      const listed = await client.send(new CD.ListTagsForResourceCommand({ ResourceArn: arn }));
      assert.deepEqual(sortTags(listed.Tags), [{ Key: 'cost', Value: '42' }, { Key: 'owner', Value: 'ops' }]);
      const noAccount = await client.send(new CD.ListTagsForResourceCommand({ ResourceArn: 'arn:aws:codedeploy:us-east-1::application:sdk-tag-app' }));
      assert.deepEqual(sortTags(noAccount.Tags), sortTags(listed.Tags));
      await client.send(new CD.UntagResourceCommand({ ResourceArn: arn, TagKeys: ['cost'] }));
      assert.deepEqual((await client.send(new CD.ListTagsForResourceCommand({ ResourceArn: arn }))).Tags, [{ Key: 'owner', Value: 'ops' }]);
    });

    it('registers, tags, lists, batch-gets, untags and deregisters on-premises instances', async () => {
      await client.send(new CD.RegisterOnPremisesInstanceCommand({ instanceName: 'sdk-host-1', iamSessionArn: SESSION_ARN('sdk-host-1') }));
      await client.send(new CD.RegisterOnPremisesInstanceCommand({ instanceName: 'sdk-host-2', iamUserArn: 'arn:aws:iam::123456789012:user/sdk-host-2' }));
      await client.send(new CD.AddTagsToOnPremisesInstancesCommand({ instanceNames: ['sdk-host-1', 'sdk-host-2'], tags: [{ Key: 'env', Value: 'sdk' }] }));
      const { instanceInfo } = await client.send(new CD.GetOnPremisesInstanceCommand({ instanceName: 'sdk-host-1' }));
      assert.equal(instanceInfo?.instanceName, 'sdk-host-1');
      assert.equal(instanceInfo?.iamSessionArn, SESSION_ARN('sdk-host-1'));
      assert.equal(instanceInfo?.instanceArn, `arn:aws:codedeploy:us-east-1:${accountId}:instance/sdk-host-1`);
      assert.deepEqual(instanceInfo?.tags, [{ Key: 'env', Value: 'sdk' }]);
      assertRecent(instanceInfo?.registerTime, 'instanceInfo.registerTime');
      const byTag = await client.send(new CD.ListOnPremisesInstancesCommand({ tagFilters: [{ Key: 'env', Value: 'sdk', Type: 'KEY_AND_VALUE' }] }));
      assert.deepEqual(byTag.instanceNames?.sort(), ['sdk-host-1', 'sdk-host-2']);
      const batch = await client.send(new CD.BatchGetOnPremisesInstancesCommand({ instanceNames: ['sdk-host-1', 'sdk-host-2'] }));
      assert.deepEqual(batch.instanceInfos?.map((i) => i.instanceName).sort(), ['sdk-host-1', 'sdk-host-2']);

      await client.send(new CD.RemoveTagsFromOnPremisesInstancesCommand({ instanceNames: ['sdk-host-2'], tags: [{ Key: 'env', Value: 'sdk' }] }));
      await client.send(new CD.DeregisterOnPremisesInstanceCommand({ instanceName: 'sdk-host-2' }));
      const two = (await client.send(new CD.GetOnPremisesInstanceCommand({ instanceName: 'sdk-host-2' }))).instanceInfo;
      assert.deepEqual(two?.tags ?? [], []);
      assertRecent(two?.deregisterTime, 'instanceInfo.deregisterTime');
      const registered = await client.send(new CD.ListOnPremisesInstancesCommand({ registrationStatus: 'Registered' }));
      assert.ok(registered.instanceNames?.includes('sdk-host-1'));
      assert.ok(!registered.instanceNames?.includes('sdk-host-2'));
      await rejectsWith(client.send(new CD.RegisterOnPremisesInstanceCommand({ instanceName: 'sdk-host-2', iamSessionArn: SESSION_ARN('sdk-host-2b') })),
        'InstanceNameAlreadyRegisteredException');
    });

    it('registers S3 and GitHub revisions, then gets, lists and batch-gets them', async () => {
      await client.send(new CD.CreateApplicationCommand({ applicationName: 'sdk-rev-app' }));
      const s3: CD.RevisionLocation = { revisionType: 'S3', s3Location: { bucket: 'sdk-bundles', key: 'web/1.tgz', bundleType: 'tgz', version: 'v1' } };
      const github: CD.RevisionLocation = { revisionType: 'GitHub', gitHubLocation: { repository: 'acme/web', commitId: '9b1c2d3e4f' } };
      await client.send(new CD.RegisterApplicationRevisionCommand({ applicationName: 'sdk-rev-app', revision: s3, description: 'release 1' }));
      await client.send(new CD.RegisterApplicationRevisionCommand({ applicationName: 'sdk-rev-app', revision: github }));
      const got = await client.send(new CD.GetApplicationRevisionCommand({ applicationName: 'sdk-rev-app', revision: s3 }));
      assert.equal(got.applicationName, 'sdk-rev-app');
      assert.deepEqual(got.revision, s3);
      assert.equal(got.revisionInfo?.description, 'release 1');
      assertRecent(got.revisionInfo?.registerTime, 'revisionInfo.registerTime');
      assert.equal(got.revisionInfo?.firstUsedTime, undefined);
      const listed = await client.send(new CD.ListApplicationRevisionsCommand({ applicationName: 'sdk-rev-app', sortBy: 'registerTime', sortOrder: 'ascending' }));
      assert.deepEqual(listed.revisions, [s3, github]);
      const batch = await client.send(new CD.BatchGetApplicationRevisionsCommand({ applicationName: 'sdk-rev-app', revisions: [github, s3] }));
      assert.equal(batch.applicationName, 'sdk-rev-app');
      assert.deepEqual(batch.revisions?.map((r) => r.revisionLocation), [github, s3]);
      assert.equal(batch.revisions?.[1]?.genericRevisionInfo?.description, 'release 1');
    });

    it('creates a deployment, reads it every way, lists its targets and instances, and stops it', async () => {
      const { app, group, host } = await fleet('sdk-deploy');
      const revision: CD.RevisionLocation = { revisionType: 'S3', s3Location: { bucket: 'sdk-bundles', key: 'deploy.zip', bundleType: 'zip' } };
      const { deploymentId } = await client.send(new CD.CreateDeploymentCommand({
        applicationName: app, deploymentGroupName: group, revision, description: 'sdk deploy',
        fileExistsBehavior: 'RETAIN', ignoreApplicationStopFailures: true,
        autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_FAILURE'] },
      }));
      assert.match(deploymentId ?? '', /^d-[A-Z0-9]{9}$/);
      const id = deploymentId!;
      const info = (await client.send(new CD.GetDeploymentCommand({ deploymentId: id }))).deploymentInfo;
      assert.equal(info?.deploymentId, id);
      assert.equal(info?.applicationName, app);
      assert.equal(info?.deploymentGroupName, group);
      assert.equal(info?.deploymentConfigName, 'CodeDeployDefault.OneAtATime');
      assert.deepEqual(info?.revision, revision);
      assert.ok(ACTIVE.includes(info?.status ?? ''), `a fresh deployment is active, got ${info?.status}`);
      assert.equal(info?.creator, 'user');
      assert.equal(info?.description, 'sdk deploy');
      assert.equal(info?.fileExistsBehavior, 'RETAIN');
      assert.equal(info?.ignoreApplicationStopFailures, true);
      assert.equal(info?.computePlatform, 'Server');
      assert.deepEqual(info?.autoRollbackConfiguration, { enabled: true, events: ['DEPLOYMENT_FAILURE'] });
      assert.deepEqual(info?.deploymentStyle, { deploymentType: 'IN_PLACE', deploymentOption: 'WITHOUT_TRAFFIC_CONTROL' });
      assertOverview(info?.deploymentOverview, { Pending: 1, InProgress: 1 });
      assert.equal(info?.instanceTerminationWaitTimeStarted, false);
      assert.equal(info?.completeTime, undefined);
      assertRecent(info?.createTime, 'deploymentInfo.createTime');

      const listed = await client.send(new CD.ListDeploymentsCommand({ applicationName: app, deploymentGroupName: group,
        includeOnlyStatuses: ['Created', 'Queued', 'InProgress'], createTimeRange: { start: new Date(Date.now() - 3_600_000), end: new Date(Date.now() + 60_000) } }));
      assert.deepEqual(listed.deployments, [id]);
      const batch = await client.send(new CD.BatchGetDeploymentsCommand({ deploymentIds: [id] }));
      assert.deepEqual(batch.deploymentsInfo?.map((d) => [d.deploymentId, d.description, d.createTime]), [[id, 'sdk deploy', info?.createTime]]);

      await assertTargets(id, host);
      await assertInstances(id, host);
      await assertBlueGreenOnlyOperationsRefused(id);

      const stopped = await client.send(new CD.StopDeploymentCommand({ deploymentId: id, autoRollbackEnabled: false }));
      assert.ok(stopped.status === 'Succeeded' || stopped.status === 'Pending', `stop answered ${stopped.status}`);
      assert.equal(typeof stopped.statusMessage, 'string');
      const stoppedInfo = await pollDeployment(id, (d) => d.status === 'Stopped');
      assert.equal(stoppedInfo.errorInformation?.code, 'MANUAL_STOP');
      assertRecent(stoppedInfo.completeTime, 'deploymentInfo.completeTime');
      assertOverview(stoppedInfo.deploymentOverview, { Skipped: 1, Failed: 1 });
      // A later call after the stop went through answers Succeeded (codedeploy-semantics.md §5).
      assert.equal((await client.send(new CD.StopDeploymentCommand({ deploymentId: id }))).status, 'Succeeded');
    });

    async function assertTargets(id: string, host: string): Promise<void> {
      const targets = await client.send(new CD.ListDeploymentTargetsCommand({ deploymentId: id }));
      assert.deepEqual(targets.targetIds, [host]);
      const active = await client.send(new CD.ListDeploymentTargetsCommand({ deploymentId: id, targetFilters: { TargetStatus: ['Pending', 'InProgress'] } }));
      assert.deepEqual(active.targetIds, [host]);
      const done = await client.send(new CD.ListDeploymentTargetsCommand({ deploymentId: id, targetFilters: { TargetStatus: ['Succeeded', 'Failed'] } }));
      assert.deepEqual(done.targetIds, []);
      const target = (await client.send(new CD.GetDeploymentTargetCommand({ deploymentId: id, targetId: host }))).deploymentTarget;
      assert.equal(target?.deploymentTargetType, 'InstanceTarget');
      const instance = target?.instanceTarget;
      assert.equal(instance?.deploymentId, id);
      assert.equal(instance?.targetId, host);
      assert.equal(instance?.targetArn, `arn:aws:codedeploy:us-east-1:${accountId}:instance/${host}`);
      assert.ok(['Pending', 'InProgress'].includes(instance?.status ?? ''), `target status ${instance?.status}`);
      assertRecent(instance?.lastUpdatedAt, 'instanceTarget.lastUpdatedAt');
      const names = instance?.lifecycleEvents?.map((e) => e.lifecycleEventName) ?? [];
      assert.deepEqual(names.filter((n) => IN_PLACE_EVENTS.includes(n!)), IN_PLACE_EVENTS, `lifecycle events in order: ${names}`);
      assert.ok(instance?.lifecycleEvents?.every((e) => ['Pending', 'InProgress'].includes(e.status ?? '')), 'no event has finished');
      await rejectsWith(client.send(new CD.GetDeploymentTargetCommand({ deploymentId: id, targetId: 'sdk-not-a-target' })),
        'DeploymentTargetDoesNotExistException');
      const batch = await client.send(new CD.BatchGetDeploymentTargetsCommand({ deploymentId: id, targetIds: [host] }));
      assert.deepEqual(batch.deploymentTargets?.map((t) => [t.deploymentTargetType, t.instanceTarget?.targetId, t.instanceTarget?.targetArn]),
        [['InstanceTarget', host, instance?.targetArn]]);
    }

    async function assertInstances(id: string, host: string): Promise<void> {
      const listed = await client.send(new CD.ListDeploymentInstancesCommand({ deploymentId: id, instanceStatusFilter: ['Pending', 'InProgress'] }));
      assert.deepEqual(listed.instancesList, [host]);
      const summary = (await client.send(new CD.GetDeploymentInstanceCommand({ deploymentId: id, instanceId: host }))).instanceSummary;
      assert.equal(summary?.deploymentId, id);
      assert.ok(['Pending', 'InProgress'].includes(summary?.status ?? ''), `instance status ${summary?.status}`);
      assert.match(summary?.instanceId ?? '', new RegExp(`${host}$`));
      const batch = await client.send(new CD.BatchGetDeploymentInstancesCommand({ deploymentId: id, instanceIds: [host] }));
      assert.deepEqual(batch.instancesSummary?.map((i) => [i.deploymentId, i.instanceId]), [[id, summary?.instanceId]]);
    }

    /** Polls GetDeployment until `done` holds: the engine converges on recorded intent. */
    async function pollDeployment(id: string, done: (d: CD.DeploymentInfo) => boolean): Promise<CD.DeploymentInfo> {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const info = (await client.send(new CD.GetDeploymentCommand({ deploymentId: id }))).deploymentInfo!;
        if (done(info)) return info;
        assert.ok(Date.now() < deadline, `deployment ${id} still ${info.status} after 30 s`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }

    async function assertBlueGreenOnlyOperationsRefused(id: string): Promise<void> {
      await rejectsWith(client.send(new CD.ContinueDeploymentCommand({ deploymentId: id, deploymentWaitType: 'READY_WAIT' })),
        'UnsupportedActionForDeploymentTypeException');
      await rejectsWith(client.send(new CD.SkipWaitTimeForInstanceTerminationCommand({ deploymentId: id })),
        'UnsupportedActionForDeploymentTypeException');
      await rejectsWith(client.send(new CD.PutLifecycleEventHookExecutionStatusCommand({
        deploymentId: id, lifecycleEventHookExecutionId: '5e4b2a10-0000-4000-8000-000000000000', status: 'Succeeded',
      })), 'UnsupportedActionForDeploymentTypeException');
    }

    it('lists and deletes GitHub account token names', async () => {
      await insertGitHubTokenNames(server, ['sdk-token-a', 'sdk-token-b']);
      const listed = await client.send(new CD.ListGitHubAccountTokenNamesCommand({}));
      assert.deepEqual(listed.tokenNameList, ['sdk-token-a', 'sdk-token-b']);
      const deleted = await client.send(new CD.DeleteGitHubAccountTokenCommand({ tokenName: 'sdk-token-a' }));
      assert.equal(deleted.tokenName, 'sdk-token-a');
      assert.deepEqual((await client.send(new CD.ListGitHubAccountTokenNamesCommand({}))).tokenNameList, ['sdk-token-b']);
      await rejectsWith(client.send(new CD.DeleteGitHubAccountTokenCommand({ tokenName: 'sdk-token-a' })), 'GitHubAccountTokenDoesNotExistException');
    });

    it('deletes resources by external id, answering with an empty output', async () => {
      const out = await client.send(new CD.DeleteResourcesByExternalIdCommand({ externalId: 'stack-1234' }));
      assert.deepEqual(Object.keys(out), ['$metadata']);
      assert.equal(out.$metadata.httpStatusCode, 200);
    });

    it('has called every one of the 47 operations', () => {
      const missing = Object.keys(CODEDEPLOY_MODEL.operations).filter((op) => !called.has(op));
      assert.deepEqual(missing, []);
    });
  });
}

function sortTags(tags: CD.Tag[] | undefined): CD.Tag[] {
  return [...(tags ?? [])].sort((a, b) => (a.Key ?? '').localeCompare(b.Key ?? ''));
}
