import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AwsCli } from '../support/aws-cli.ts';
import { readAccountId } from '../support/server-store.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';

// The aws CLI v1 against a real `cutover server` process: every resource kind created, read,
// listed, updated and deleted as a user would type it, plus the error paths, whose exception
// name must reach stderr with a non-zero exit code. Independent calls run concurrently because
// each `aws` start costs about half a second; the `it`s themselves run concurrently too.

const ROLE_ARN = 'arn:aws:iam::123456789012:role/CodeDeployServiceRole';
const EPOCH_2020 = 1_577_836_800;
/** A hung server fails the suite instead of stalling the whole run (CLI calls are slow on a busy machine). */
const SUITE_TIMEOUT_MS = 600_000;

let server: ServerProcess;
let cli: AwsCli;
let accountId: string;

/** Asserts a timestamp as the CLI prints it by default: the epoch seconds AWS sent. */
function assertEpochSeconds(value: unknown, what: string): void {
  assert.equal(typeof value, 'number', `${what} should be epoch seconds, got ${JSON.stringify(value)}`);
  assert.ok((value as number) > EPOCH_2020 && (value as number) < Date.now() / 1000 + 60, `${what} out of range: ${value}`);
}

function arn(kind: string, resource: string): string {
  return `arn:aws:codedeploy:us-east-1:${accountId}:${kind}:${resource}`;
}

/** Creates an application and a group whose on-premises tag filter selects `env=<tag>`. */
async function groupWithInstance(prefix: string): Promise<{ app: string; group: string; host: string }> {
  const app = `${prefix}-app`;
  const group = `${prefix}-dg`;
  const host = `${prefix}-host`;
  await Promise.all([
    cli.ok(['create-application', '--application-name', app]),
    cli.ok(['register-on-premises-instance', '--instance-name', host,
      '--iam-session-arn', `arn:aws:sts::123456789012:assumed-role/CodeDeployInstance/${host}`]),
  ]);
  await Promise.all([
    cli.ok(['add-tags-to-on-premises-instances', '--instance-names', host, '--tags', `Key=env,Value=${prefix}`]),
    cli.ok(['create-deployment-group', '--application-name', app, '--deployment-group-name', group,
      '--service-role-arn', ROLE_ARN, '--deployment-config-name', 'CodeDeployDefault.AllAtOnce',
      '--on-premises-instance-tag-filters', `Key=env,Value=${prefix},Type=KEY_AND_VALUE`]),
  ]);
  return { app, group, host };
}

describe('the aws CLI v1 (aws deploy …) against a cutover server', { concurrency: true, timeout: SUITE_TIMEOUT_MS }, () => {
  before(async () => {
    server = await startServerProcess({ dialect: 'sqlite' });
    cli = new AwsCli({ url: server.url, credentialsFile: server.credentialsFile });
    accountId = await readAccountId(server);
  });
  after(() => server?.destroy());

  it('creates, reads, lists, renames, tags and deletes an application', async () => {
    const created = await cli.ok(['create-application', '--application-name', 'cli-app', '--compute-platform', 'Server',
      '--tags', 'Key=team,Value=web']);
    assert.match(created.applicationId, /^[0-9a-f-]{36}$/);
    const [got, listed, batch, tags] = await Promise.all([
      cli.ok(['get-application', '--application-name', 'cli-app']),
      cli.ok(['list-applications']),
      cli.ok(['batch-get-applications', '--application-names', 'cli-app']),
      cli.ok(['list-tags-for-resource', '--resource-arn', arn('application', 'cli-app')]),
    ]);
    assert.equal(got.application.applicationName, 'cli-app');
    assert.equal(got.application.applicationId, created.applicationId);
    assert.equal(got.application.computePlatform, 'Server');
    assert.equal(got.application.linkedToGitHub, false);
    assertEpochSeconds(got.application.createTime, 'application.createTime');
    assert.ok(listed.applications.includes('cli-app'));
    assert.deepEqual(batch.applicationsInfo, [got.application]);
    assert.deepEqual(tags.Tags, [{ Key: 'team', Value: 'web' }]);

    await cli.ok(['update-application', '--application-name', 'cli-app', '--new-application-name', 'cli-app-renamed']);
    const [renamed] = await Promise.all([
      cli.ok(['get-application', '--application-name', 'cli-app-renamed']),
      cli.fails(['get-application', '--application-name', 'cli-app'], 'ApplicationDoesNotExistException'),
    ]);
    assert.equal(renamed.application.applicationId, created.applicationId);

    await cli.ok(['delete-application', '--application-name', 'cli-app-renamed']);
    const [remaining] = await Promise.all([
      cli.ok(['list-applications']),
      cli.fails(['get-application', '--application-name', 'cli-app-renamed'], 'ApplicationDoesNotExistException'),
    ]);
    assert.ok(!remaining.applications.includes('cli-app-renamed'));
  });

  it('reports application errors by their AWS exception names', async () => {
    await cli.ok(['create-application', '--application-name', 'cli-app-errors']);
    const tooMany = Array.from({ length: 101 }, (_, i) => `cli-missing-${i}`);
    await Promise.all([
      cli.fails(['create-application', '--application-name', 'cli-app-errors'], 'ApplicationAlreadyExistsException'),
      cli.fails(['create-application', '--application-name', 'bad name!'], 'InvalidApplicationNameException'),
      cli.fails(['create-application', '--application-name', 'x'.repeat(101)], 'InvalidApplicationNameException'),
      cli.fails(['get-application', '--application-name', 'cli-nope'], 'ApplicationDoesNotExistException'),
      cli.fails(['update-application', '--application-name', 'cli-nope', '--new-application-name', 'cli-nope-2'], 'ApplicationDoesNotExistException'),
      cli.fails(['batch-get-applications', '--application-names', ...tooMany], 'BatchLimitExceededException'),
      cli.fails(['list-applications', '--next-token', 'not-a-token'], 'InvalidNextTokenException'),
    ]);
  });

  it('creates, reads, lists and deletes deployment configs, and knows the predefined ones', async () => {
    const [server1, lambda] = await Promise.all([
      cli.ok(['create-deployment-config', '--deployment-config-name', 'cli-75-percent',
        '--minimum-healthy-hosts', 'type=FLEET_PERCENT,value=75']),
      cli.ok(['create-deployment-config', '--deployment-config-name', 'cli-lambda-canary', '--compute-platform', 'Lambda',
        '--traffic-routing-config', '{"type":"TimeBasedCanary","timeBasedCanary":{"canaryPercentage":20,"canaryInterval":5}}']),
    ]);
    assert.match(server1.deploymentConfigId, /^[0-9a-f-]{36}$/);
    assert.match(lambda.deploymentConfigId, /^[0-9a-f-]{36}$/);
    const [got, gotLambda, oneAtATime, listed] = await Promise.all([
      cli.ok(['get-deployment-config', '--deployment-config-name', 'cli-75-percent']),
      cli.ok(['get-deployment-config', '--deployment-config-name', 'cli-lambda-canary']),
      cli.ok(['get-deployment-config', '--deployment-config-name', 'CodeDeployDefault.OneAtATime']),
      cli.ok(['list-deployment-configs']),
    ]);
    const info = got.deploymentConfigInfo;
    assert.equal(info.deploymentConfigName, 'cli-75-percent');
    assert.equal(info.deploymentConfigId, server1.deploymentConfigId);
    assert.deepEqual(info.minimumHealthyHosts, { type: 'FLEET_PERCENT', value: 75 });
    assert.equal(info.computePlatform, 'Server');
    assertEpochSeconds(info.createTime, 'deploymentConfigInfo.createTime');
    assert.equal(gotLambda.deploymentConfigInfo.computePlatform, 'Lambda');
    assert.deepEqual(gotLambda.deploymentConfigInfo.trafficRoutingConfig,
      { type: 'TimeBasedCanary', timeBasedCanary: { canaryPercentage: 20, canaryInterval: 5 } });
    assert.deepEqual(oneAtATime.deploymentConfigInfo.minimumHealthyHosts, { type: 'MOST_CONCURRENCY', value: 1 });
    assert.equal(oneAtATime.deploymentConfigInfo.deploymentConfigId, '00000000-0000-0000-0000-000000000001');
    for (const name of ['CodeDeployDefault.OneAtATime', 'CodeDeployDefault.HalfAtATime', 'CodeDeployDefault.AllAtOnce',
      'CodeDeployDefault.ECSLinear10PercentEvery1Minutes', 'CodeDeployDefault.LambdaLinear10PercentEvery1Minute',
      'cli-75-percent', 'cli-lambda-canary']) {
      assert.ok(listed.deploymentConfigsList.includes(name), `list-deployment-configs lacks ${name}`);
    }

    await cli.ok(['delete-deployment-config', '--deployment-config-name', 'cli-75-percent']);
    await cli.fails(['get-deployment-config', '--deployment-config-name', 'cli-75-percent'], 'DeploymentConfigDoesNotExistException');
  });

  it('reports deployment config errors by their AWS exception names', async () => {
    await cli.ok(['create-deployment-config', '--deployment-config-name', 'cli-dup', '--minimum-healthy-hosts', 'type=HOST_COUNT,value=1']);
    await Promise.all([
      cli.fails(['create-deployment-config', '--deployment-config-name', 'cli-dup', '--minimum-healthy-hosts', 'type=HOST_COUNT,value=1'],
        'DeploymentConfigAlreadyExistsException'),
      cli.fails(['create-deployment-config', '--deployment-config-name', 'CodeDeployDefault.Mine', '--minimum-healthy-hosts', 'type=HOST_COUNT,value=1'],
        'InvalidDeploymentConfigNameException'),
      cli.fails(['create-deployment-config', '--deployment-config-name', 'cli-100-percent', '--minimum-healthy-hosts', 'type=FLEET_PERCENT,value=100'],
        'InvalidMinimumHealthyHostValueException'),
      cli.fails(['get-deployment-config', '--deployment-config-name', 'cli-nope'], 'DeploymentConfigDoesNotExistException'),
      cli.fails(['delete-deployment-config', '--deployment-config-name', 'CodeDeployDefault.AllAtOnce'], 'InvalidOperationException'),
    ]);
  });

  it('creates a deployment group with several settings, reads it back exactly, updates, renames and deletes it', async () => {
    const created = await createSettingsGroup();
    const [got, listed, batch] = await Promise.all([
      cli.ok(['get-deployment-group', '--application-name', 'cli-dg-app', '--deployment-group-name', 'cli-dg']),
      cli.ok(['list-deployment-groups', '--application-name', 'cli-dg-app']),
      cli.ok(['batch-get-deployment-groups', '--application-name', 'cli-dg-app', '--deployment-group-names', 'cli-dg']),
    ]);
    assertSettingsGroup(got.deploymentGroupInfo, created.deploymentGroupId);
    // The CLI merges pages and keeps only the result key, so applicationName is not printed here.
    assert.deepEqual(listed.deploymentGroups, ['cli-dg']);
    assert.deepEqual(batch.deploymentGroupsInfo, [got.deploymentGroupInfo]);

    const updated = await cli.ok(['update-deployment-group', '--application-name', 'cli-dg-app',
      '--current-deployment-group-name', 'cli-dg', '--new-deployment-group-name', 'cli-dg-renamed',
      '--deployment-config-name', 'CodeDeployDefault.HalfAtATime',
      '--alarm-configuration', '{"enabled":false,"ignorePollAlarmFailure":true,"alarms":[{"name":"cpu-high"},{"name":"errors"}]}']);
    assert.deepEqual(updated.hooksNotCleanedUp, []);
    const [renamed] = await Promise.all([
      cli.ok(['get-deployment-group', '--application-name', 'cli-dg-app', '--deployment-group-name', 'cli-dg-renamed']),
      cli.fails(['get-deployment-group', '--application-name', 'cli-dg-app', '--deployment-group-name', 'cli-dg'],
        'DeploymentGroupDoesNotExistException'),
    ]);
    const info = renamed.deploymentGroupInfo;
    assert.equal(info.deploymentGroupId, created.deploymentGroupId);
    assert.equal(info.deploymentConfigName, 'CodeDeployDefault.HalfAtATime');
    assert.deepEqual(info.alarmConfiguration, { enabled: false, ignorePollAlarmFailure: true, alarms: [{ name: 'cpu-high' }, { name: 'errors' }] });
    assert.deepEqual(info.onPremisesTagSet, got.deploymentGroupInfo.onPremisesTagSet, 'members not given to update stay as they were');

    const deleted = await cli.ok(['delete-deployment-group', '--application-name', 'cli-dg-app', '--deployment-group-name', 'cli-dg-renamed']);
    assert.deepEqual(deleted.hooksNotCleanedUp, []);
    await cli.fails(['get-deployment-group', '--application-name', 'cli-dg-app', '--deployment-group-name', 'cli-dg-renamed'],
      'DeploymentGroupDoesNotExistException');
  });

  it('reports deployment group errors by their AWS exception names', async () => {
    await cli.ok(['create-application', '--application-name', 'cli-dg-errors']);
    await cli.ok(['create-deployment-group', '--application-name', 'cli-dg-errors', '--deployment-group-name', 'taken',
      '--service-role-arn', ROLE_ARN]);
    const group = (name: string, ...extra: string[]) => ['create-deployment-group', '--application-name', 'cli-dg-errors',
      '--deployment-group-name', name, '--service-role-arn', ROLE_ARN, ...extra];
    const alarms = JSON.stringify({ enabled: true, alarms: Array.from({ length: 11 }, (_, i) => ({ name: `alarm-${i}` })) });
    await Promise.all([
      cli.fails(group('taken'), 'DeploymentGroupAlreadyExistsException'),
      cli.fails(['create-deployment-group', '--application-name', 'cli-dg-nope', '--deployment-group-name', 'g',
        '--service-role-arn', ROLE_ARN], 'ApplicationDoesNotExistException'),
      cli.fails(['create-deployment-group', '--application-name', 'cli-dg-errors', '--deployment-group-name', 'g',
        '--service-role-arn', 'not-a-role'], 'InvalidRoleException'),
      cli.fails(group('bad name!'), 'InvalidDeploymentGroupNameException'),
      cli.fails(group('g', '--deployment-config-name', 'cli-no-such-config'), 'DeploymentConfigDoesNotExistException'),
      cli.fails(group('g', '--ec2-tag-filters', 'Key=a,Value=b,Type=KEY_AND_VALUE',
        '--ec2-tag-set', '{"ec2TagSetList":[[{"Key":"a","Value":"b","Type":"KEY_AND_VALUE"}]]}'), 'InvalidEC2TagCombinationException'),
      cli.fails(group('g', '--alarm-configuration', alarms), 'AlarmsLimitExceededException'),
      cli.fails(['get-deployment-group', '--application-name', 'cli-dg-errors', '--deployment-group-name', 'nope'],
        'DeploymentGroupDoesNotExistException'),
      cli.fails(['list-deployment-groups', '--application-name', 'cli-dg-nope'], 'ApplicationDoesNotExistException'),
    ]);
  });

  it('registers, tags, lists, untags and deregisters on-premises instances', async () => {
    await Promise.all([
      cli.ok(['register-on-premises-instance', '--instance-name', 'cli-host-1',
        '--iam-session-arn', 'arn:aws:sts::123456789012:assumed-role/CodeDeployInstance/cli-host-1']),
      cli.ok(['register-on-premises-instance', '--instance-name', 'cli-host-2',
        '--iam-user-arn', 'arn:aws:iam::123456789012:user/cli-host-2']),
    ]);
    await cli.ok(['add-tags-to-on-premises-instances', '--instance-names', 'cli-host-1', 'cli-host-2',
      '--tags', 'Key=env,Value=cli-prod', 'Key=rack,Value=r1']);
    const [one, two, byTag, batch] = await Promise.all([
      cli.ok(['get-on-premises-instance', '--instance-name', 'cli-host-1']),
      cli.ok(['get-on-premises-instance', '--instance-name', 'cli-host-2']),
      cli.ok(['list-on-premises-instances', '--tag-filters', 'Key=env,Value=cli-prod,Type=KEY_AND_VALUE']),
      cli.ok(['batch-get-on-premises-instances', '--instance-names', 'cli-host-1', 'cli-host-2']),
    ]);
    const info = one.instanceInfo;
    assert.equal(info.instanceName, 'cli-host-1');
    assert.equal(info.iamSessionArn, 'arn:aws:sts::123456789012:assumed-role/CodeDeployInstance/cli-host-1');
    assert.equal(info.iamUserArn, undefined);
    assert.equal(info.instanceArn, `arn:aws:codedeploy:us-east-1:${accountId}:instance/cli-host-1`);
    assertEpochSeconds(info.registerTime, 'instanceInfo.registerTime');
    assert.equal(info.deregisterTime, undefined);
    assert.deepEqual(sortTags(info.tags), [{ Key: 'env', Value: 'cli-prod' }, { Key: 'rack', Value: 'r1' }]);
    assert.equal(two.instanceInfo.iamUserArn, 'arn:aws:iam::123456789012:user/cli-host-2');
    assert.deepEqual(byTag.instanceNames.sort(), ['cli-host-1', 'cli-host-2']);
    assert.deepEqual(batch.instanceInfos.map((i: any) => i.instanceName).sort(), ['cli-host-1', 'cli-host-2']);

    await cli.ok(['remove-tags-from-on-premises-instances', '--instance-names', 'cli-host-1', '--tags', 'Key=rack,Value=r1']);
    await cli.ok(['deregister-on-premises-instance', '--instance-name', 'cli-host-2']);
    const [untagged, gone, deregistered, registered] = await Promise.all([
      cli.ok(['get-on-premises-instance', '--instance-name', 'cli-host-1']),
      cli.ok(['get-on-premises-instance', '--instance-name', 'cli-host-2']),
      cli.ok(['list-on-premises-instances', '--registration-status', 'Deregistered']),
      cli.ok(['list-on-premises-instances', '--registration-status', 'Registered']),
    ]);
    assert.deepEqual(untagged.instanceInfo.tags, [{ Key: 'env', Value: 'cli-prod' }]);
    assertEpochSeconds(gone.instanceInfo.deregisterTime, 'instanceInfo.deregisterTime');
    assert.ok(deregistered.instanceNames.includes('cli-host-2'));
    assert.ok(!deregistered.instanceNames.includes('cli-host-1'));
    assert.ok(registered.instanceNames.includes('cli-host-1'));
    assert.ok(!registered.instanceNames.includes('cli-host-2'));
  });

  it('reports on-premises instance errors by their AWS exception names', async () => {
    const session = 'arn:aws:sts::123456789012:assumed-role/CodeDeployInstance/cli-err-host';
    await cli.ok(['register-on-premises-instance', '--instance-name', 'cli-err-host', '--iam-session-arn', session]);
    await Promise.all([
      cli.fails(['register-on-premises-instance', '--instance-name', 'cli-err-both', '--iam-session-arn',
        'arn:aws:sts::123456789012:assumed-role/R/both', '--iam-user-arn', 'arn:aws:iam::123456789012:user/both'],
      'MultipleIamArnsProvidedException'),
      cli.fails(['register-on-premises-instance', '--instance-name', 'cli-err-neither'], 'IamArnRequiredException'),
      cli.fails(['register-on-premises-instance', '--instance-name', 'cli-err-host', '--iam-session-arn',
        'arn:aws:sts::123456789012:assumed-role/CodeDeployInstance/other'], 'InstanceNameAlreadyRegisteredException'),
      cli.fails(['register-on-premises-instance', '--instance-name', 'cli-err-reuse', '--iam-session-arn', session],
        'IamSessionArnAlreadyRegisteredException'),
      cli.fails(['get-on-premises-instance', '--instance-name', 'cli-err-nope'], 'InstanceNotRegisteredException'),
      cli.fails(['add-tags-to-on-premises-instances', '--instance-names', 'cli-err-nope', '--tags', 'Key=a,Value=b'],
        'InstanceNotRegisteredException'),
    ]);
  });

  it('registers, gets, lists and batch-gets application revisions', async () => {
    await cli.ok(['create-application', '--application-name', 'cli-rev-app']);
    const s3 = 'bucket=cli-bundles,key=web/app.zip,bundleType=zip,eTag=0123abcd';
    await Promise.all([
      cli.ok(['register-application-revision', '--application-name', 'cli-rev-app', '--s3-location', s3, '--description', 'first build']),
      cli.ok(['register-application-revision', '--application-name', 'cli-rev-app',
        '--github-location', 'repository=acme/web,commitId=4f2a9c1d0b7e']),
    ]);
    const [got, listed, byBucket, batch] = await Promise.all([
      cli.ok(['get-application-revision', '--application-name', 'cli-rev-app', '--s3-location', s3]),
      cli.ok(['list-application-revisions', '--application-name', 'cli-rev-app']),
      cli.ok(['list-application-revisions', '--application-name', 'cli-rev-app', '--s3-bucket', 'cli-bundles']),
      cli.ok(['batch-get-application-revisions', '--application-name', 'cli-rev-app', '--revisions',
        '[{"revisionType":"GitHub","gitHubLocation":{"repository":"acme/web","commitId":"4f2a9c1d0b7e"}}]']),
    ]);
    assert.equal(got.applicationName, 'cli-rev-app');
    assert.deepEqual(got.revision, { revisionType: 'S3', s3Location: { bucket: 'cli-bundles', key: 'web/app.zip', bundleType: 'zip', eTag: '0123abcd' } });
    assert.equal(got.revisionInfo.description, 'first build');
    assertEpochSeconds(got.revisionInfo.registerTime, 'revisionInfo.registerTime');
    assert.deepEqual(got.revisionInfo.deploymentGroups, []);
    assert.equal(listed.revisions.length, 2);
    assert.deepEqual(byBucket.revisions, [got.revision]);
    assert.equal(batch.applicationName, 'cli-rev-app');
    assert.deepEqual(batch.revisions.map((r: any) => r.revisionLocation),
      [{ revisionType: 'GitHub', gitHubLocation: { repository: 'acme/web', commitId: '4f2a9c1d0b7e' } }]);

    await Promise.all([
      cli.fails(['get-application-revision', '--application-name', 'cli-rev-app', '--s3-location',
        'bucket=cli-bundles,key=other.zip,bundleType=zip'], 'RevisionDoesNotExistException'),
      cli.fails(['register-application-revision', '--application-name', 'cli-rev-nope', '--s3-location', s3],
        'ApplicationDoesNotExistException'),
      cli.fails(['list-application-revisions', '--application-name', 'cli-rev-app', '--s3-key-prefix', 'web/'],
        'BucketNameFilterRequiredException'),
    ]);
  });

  it('creates, gets, lists and stops a deployment, and lists its targets', async () => {
    const { app, group, host } = await groupWithInstance('cli-deploy');
    const s3 = 'bucket=cli-bundles,key=deploy.zip,bundleType=zip';
    const created = await cli.ok(['create-deployment', '--application-name', app, '--deployment-group-name', group,
      '--s3-location', s3, '--description', 'first deploy', '--file-exists-behavior', 'OVERWRITE']);
    assert.match(created.deploymentId, /^d-[A-Z0-9]{9}$/);
    const id = created.deploymentId;
    const [got, listed, batch, targets, target, instances, instance] = await Promise.all([
      cli.ok(['get-deployment', '--deployment-id', id]),
      cli.ok(['list-deployments', '--application-name', app, '--deployment-group-name', group]),
      cli.ok(['batch-get-deployments', '--deployment-ids', id]),
      cli.ok(['list-deployment-targets', '--deployment-id', id]),
      cli.ok(['get-deployment-target', '--deployment-id', id, '--target-id', host]),
      cli.ok(['list-deployment-instances', '--deployment-id', id]),
      cli.ok(['get-deployment-instance', '--deployment-id', id, '--instance-id', host]),
      cli.fails(['create-deployment', '--application-name', app, '--deployment-group-name', group, '--s3-location', s3],
        'DeploymentLimitExceededException'),
    ]);
    const info = got.deploymentInfo;
    assert.equal(info.deploymentId, id);
    assert.equal(info.applicationName, app);
    assert.equal(info.deploymentGroupName, group);
    assert.equal(info.deploymentConfigName, 'CodeDeployDefault.AllAtOnce');
    assert.equal(info.creator, 'user');
    assert.equal(info.description, 'first deploy');
    assert.equal(info.fileExistsBehavior, 'OVERWRITE');
    assert.equal(info.computePlatform, 'Server');
    assert.deepEqual(info.revision, { revisionType: 'S3', s3Location: { bucket: 'cli-bundles', key: 'deploy.zip', bundleType: 'zip' } });
    assert.ok(['Created', 'Queued', 'InProgress'].includes(info.status), `a fresh deployment is active, got ${info.status}`);
    assertEpochSeconds(info.createTime, 'deploymentInfo.createTime');
    assert.deepEqual(listed.deployments, [id]);
    assert.deepEqual(batch.deploymentsInfo.map((d: any) => [d.deploymentId, d.description]), [[id, 'first deploy']]);
    assert.deepEqual(targets.targetIds, [host]);
    assert.equal(target.deploymentTarget.deploymentTargetType, 'InstanceTarget');
    assert.equal(target.deploymentTarget.instanceTarget.targetId, host);
    assert.equal(target.deploymentTarget.instanceTarget.deploymentId, id);
    assert.deepEqual(instances.instancesList, [host]);
    assert.equal(instance.instanceSummary.deploymentId, id);
    assert.match(instance.instanceSummary.instanceId, new RegExp(`${host}$`));

    const stopped = await cli.ok(['stop-deployment', '--deployment-id', id]);
    assert.ok(['Succeeded', 'Pending'].includes(stopped.status), `stop status ${stopped.status}`);
    if (stopped.status === 'Succeeded') {
      const stoppedInfo = (await cli.ok(['get-deployment', '--deployment-id', id])).deploymentInfo;
      assert.equal(stoppedInfo.status, 'Stopped');
      assert.equal(stoppedInfo.errorInformation.code, 'MANUAL_STOP');
      assertEpochSeconds(stoppedInfo.completeTime, 'deploymentInfo.completeTime');
      // A later call after the stop went through answers Succeeded (codedeploy-semantics.md §5).
      assert.equal((await cli.ok(['stop-deployment', '--deployment-id', id])).status, 'Succeeded');
    }
  });

  it('reports deployment errors by their AWS exception names', async () => {
    await Promise.all([
      cli.fails(['get-deployment', '--deployment-id', 'd-NOTREAL00'], 'DeploymentDoesNotExistException'),
      cli.fails(['get-deployment', '--deployment-id', 'not-an-id'], 'InvalidDeploymentIdException'),
      cli.fails(['stop-deployment', '--deployment-id', 'd-NOTREAL00'], 'DeploymentDoesNotExistException'),
      cli.fails(['create-deployment', '--application-name', 'cli-deploy-nope', '--deployment-group-name', 'g',
        '--s3-location', 'bucket=b,key=k.zip,bundleType=zip'], 'ApplicationDoesNotExistException'),
      cli.fails(['list-deployment-targets', '--deployment-id', 'd-NOTREAL00'], 'DeploymentDoesNotExistException'),
    ]);
  });

  it('tags, lists and untags application, deployment group and deployment config ARNs', async () => {
    await cli.ok(['create-application', '--application-name', 'cli-tag-app']);
    await Promise.all([
      cli.ok(['create-deployment-group', '--application-name', 'cli-tag-app', '--deployment-group-name', 'cli-tag-dg',
        '--service-role-arn', ROLE_ARN]),
      cli.ok(['create-deployment-config', '--deployment-config-name', 'cli-tag-cfg', '--minimum-healthy-hosts', 'type=HOST_COUNT,value=0']),
    ]);
    const arns = [arn('application', 'cli-tag-app'), arn('deploymentgroup', 'cli-tag-app/cli-tag-dg'), arn('deploymentconfig', 'cli-tag-cfg')];
    await Promise.all(arns.map((a) => cli.ok(['tag-resource', '--resource-arn', a, '--tags', 'Key=owner,Value=ops', 'Key=tier,Value=1'])));
    const listed = await Promise.all(arns.map((a) => cli.ok(['list-tags-for-resource', '--resource-arn', a])));
    for (const out of listed) assert.deepEqual(sortTags(out.Tags), [{ Key: 'owner', Value: 'ops' }, { Key: 'tier', Value: '1' }]);
    await Promise.all(arns.map((a) => cli.ok(['untag-resource', '--resource-arn', a, '--tag-keys', 'tier'])));
    const untagged = await Promise.all(arns.map((a) => cli.ok(['list-tags-for-resource', '--resource-arn', a])));
    for (const out of untagged) assert.deepEqual(out.Tags, [{ Key: 'owner', Value: 'ops' }]);
    await Promise.all([
      cli.fails(['tag-resource', '--resource-arn', 'not-an-arn', '--tags', 'Key=a,Value=b'], 'InvalidArnException'),
      cli.fails(['tag-resource', '--resource-arn', arn('application', 'cli-tag-nope'), '--tags', 'Key=a,Value=b'],
        'ApplicationDoesNotExistException'),
      cli.fails(['list-tags-for-resource', '--resource-arn', 'arn:aws:s3:::bucket'], 'InvalidArnException|ArnNotSupportedException'),
    ]);
  });
});

async function createSettingsGroup(): Promise<{ deploymentGroupId: string }> {
  await cli.ok(['create-application', '--application-name', 'cli-dg-app']);
  const created = await cli.ok(['create-deployment-group', '--application-name', 'cli-dg-app', '--deployment-group-name', 'cli-dg',
    '--deployment-config-name', 'CodeDeployDefault.AllAtOnce', '--service-role-arn', ROLE_ARN,
    '--on-premises-tag-set', JSON.stringify(SETTINGS.onPremisesTagSet),
    '--alarm-configuration', JSON.stringify(SETTINGS.alarmConfiguration),
    '--auto-rollback-configuration', JSON.stringify(SETTINGS.autoRollbackConfiguration),
    '--trigger-configurations', JSON.stringify(SETTINGS.triggerConfigurations),
    '--deployment-style', 'deploymentType=IN_PLACE,deploymentOption=WITHOUT_TRAFFIC_CONTROL',
    '--outdated-instances-strategy', 'IGNORE', '--tags', 'Key=team,Value=web']);
  assert.match(created.deploymentGroupId, /^[0-9a-f-]{36}$/);
  return created;
}

const SETTINGS = {
  onPremisesTagSet: { onPremisesTagSetList: [[{ Key: 'env', Value: 'prod', Type: 'KEY_AND_VALUE' }], [{ Key: 'web', Type: 'KEY_ONLY' }]] },
  alarmConfiguration: { enabled: true, ignorePollAlarmFailure: false, alarms: [{ name: 'cpu-high' }] },
  autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_REQUEST'] },
  triggerConfigurations: [{ triggerName: 'notify', triggerTargetArn: 'arn:aws:sns:us-east-1:123456789012:deploys',
    triggerEvents: ['DeploymentFailure', 'DeploymentSuccess'] }],
};

function assertSettingsGroup(info: any, deploymentGroupId: string): void {
  assert.equal(info.applicationName, 'cli-dg-app');
  assert.equal(info.deploymentGroupName, 'cli-dg');
  assert.equal(info.deploymentGroupId, deploymentGroupId);
  assert.equal(info.deploymentConfigName, 'CodeDeployDefault.AllAtOnce');
  assert.equal(info.serviceRoleArn, ROLE_ARN);
  assert.equal(info.computePlatform, 'Server');
  assert.equal(info.outdatedInstancesStrategy, 'IGNORE');
  assert.deepEqual(info.deploymentStyle, { deploymentType: 'IN_PLACE', deploymentOption: 'WITHOUT_TRAFFIC_CONTROL' });
  assert.deepEqual(info.onPremisesTagSet, SETTINGS.onPremisesTagSet);
  assert.deepEqual(info.alarmConfiguration, SETTINGS.alarmConfiguration);
  assert.deepEqual(info.autoRollbackConfiguration, SETTINGS.autoRollbackConfiguration);
  assert.deepEqual(info.triggerConfigurations, SETTINGS.triggerConfigurations);
  assert.deepEqual(info.ec2TagFilters, []);
  assert.deepEqual(info.onPremisesInstanceTagFilters, []);
  assert.deepEqual(info.autoScalingGroups, []);
  assert.equal(info.lastAttemptedDeployment, undefined);
}

function sortTags(tags: { Key: string; Value: string }[]): { Key: string; Value: string }[] {
  return [...tags].sort((a, b) => a.Key.localeCompare(b.Key));
}
