// Terraform conformance: the aws provider creates, refreshes and destroys CodeDeploy
// applications, deployment configs and deployment groups on a real `cutover server`. A plan
// after apply must show no changes, which only holds when every read returns exactly what was
// written. Runs on SQLite only: the provider sees the API, not the dialect.
// Almost all of the time is Terraform starting the aws provider (several times per command, a
// few seconds each on an idle machine); the API calls take under a second in all. The timeouts
// are generous because the shared 2-core host can be ten times slower under load.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { resolve } from 'node:path';
import {
  GetApplicationCommand, GetDeploymentConfigCommand, GetDeploymentGroupCommand, ListApplicationsCommand,
  ListDeploymentConfigsCommand, ListTagsForResourceCommand, type CodeDeployClient,
} from '@aws-sdk/client-codedeploy';
import { codeDeployClient } from '../support/sdk.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { describeFailure, locateTerraform, TerraformWorkspace } from '../support/terraform.ts';

const FIXTURE = resolve(import.meta.dirname, '..', 'fixtures', 'terraform');
const FLAGS = ['-input=false', '-no-color'];
const SETUP = locateTerraform();
const APPS = ['tf-server-app', 'tf-ecs-app', 'tf-lambda-app'];
const CONFIGS = ['tf-server-two-healthy', 'tf-server-75-percent', 'tf-lambda-canary', 'tf-lambda-linear', 'tf-ecs-linear'];

/** Terraform sends ARNs with an empty account field; Cutover accepts them. */
const appArn = (name: string) => `arn:aws:codedeploy:us-east-1::application:${name}`;
const groupArn = (app: string, group: string) => `arn:aws:codedeploy:us-east-1::deploymentgroup:${app}/${group}`;

describe('the Terraform aws provider against cutover server on sqlite', { skip: SETUP.ok ? false : SETUP.reason }, () => {
  let server: ServerProcess;
  let client: CodeDeployClient;
  let workspace: TerraformWorkspace;
  let applied = false;

  before(async () => {
    if (!SETUP.ok) return;
    server = await startServerProcess({ dialect: 'sqlite' });
    client = codeDeployClient(server.url, server.credentials);
    workspace = new TerraformWorkspace({
      setup: SETUP, fixtureDir: FIXTURE,
      vars: { endpoint: server.url, access_key: server.credentials.accessKeyId, secret_key: server.credentials.secretAccessKey },
    });
    await workspace.mustRun(['init', ...FLAGS], { timeoutMs: 120_000 });
  });

  after(async () => {
    workspace?.dispose();
    await server?.destroy();
  });

  it('applies three applications, five deployment configs and three deployment groups', async () => {
    const result = await workspace.mustRun(['apply', '-auto-approve', ...FLAGS], { timeoutMs: 240_000 });
    assert.match(result.stdout, /Apply complete! Resources: 11 added, 0 changed, 0 destroyed/);
    applied = true;
  });

  it('stores what Terraform sent, as seen through the SDK', async (t) => {
    if (!applied) return t.skip('apply failed');
    await assertApplications(client);
    await assertDeploymentConfigs(client);
    await assertInPlaceGroup(client);
    await assertBlueGreenGroups(client);
  });

  it('plans no changes right after apply', async (t) => {
    if (!applied) return t.skip('apply failed');
    const args = ['plan', '-detailed-exitcode', ...FLAGS];
    const result = await workspace.run(args, { timeoutMs: 180_000 });
    assert.equal(result.code, 0, `the plan is not empty (exit 2 means changes):\n${describeFailure(args, result)}`);
  });

  it('destroys everything it created', async (t) => {
    if (!applied) return t.skip('apply failed');
    const result = await workspace.mustRun(['destroy', '-auto-approve', ...FLAGS], { timeoutMs: 240_000 });
    assert.match(result.stdout, /Destroy complete! Resources: 11 destroyed/);
    await assertEverythingGone(client);
  });
});

async function assertApplications(client: CodeDeployClient): Promise<void> {
  const platforms = await Promise.all(APPS.map(async (applicationName) =>
    (await client.send(new GetApplicationCommand({ applicationName }))).application?.computePlatform));
  assert.deepEqual(platforms, ['Server', 'ECS', 'Lambda']);
  const tags = await client.send(new ListTagsForResourceCommand({ ResourceArn: appArn('tf-server-app') }));
  assert.deepEqual(sortByKey(tags.Tags ?? []), [{ Key: 'env', Value: 'test' }, { Key: 'team', Value: 'platform' }]);
}

async function assertDeploymentConfigs(client: CodeDeployClient): Promise<void> {
  const get = async (deploymentConfigName: string) =>
    (await client.send(new GetDeploymentConfigCommand({ deploymentConfigName }))).deploymentConfigInfo!;
  assert.deepEqual((await get('tf-server-two-healthy')).minimumHealthyHosts, { type: 'HOST_COUNT', value: 2 });
  assert.deepEqual((await get('tf-server-75-percent')).minimumHealthyHosts, { type: 'FLEET_PERCENT', value: 75 });
  const canary = await get('tf-lambda-canary');
  assert.equal(canary.computePlatform, 'Lambda');
  assert.deepEqual(canary.trafficRoutingConfig, { type: 'TimeBasedCanary', timeBasedCanary: { canaryInterval: 5, canaryPercentage: 10 } });
  const linear = await get('tf-ecs-linear');
  assert.equal(linear.computePlatform, 'ECS');
  assert.deepEqual(linear.trafficRoutingConfig, { type: 'TimeBasedLinear', timeBasedLinear: { linearInterval: 1, linearPercentage: 25 } });
}

async function assertInPlaceGroup(client: CodeDeployClient): Promise<void> {
  const out = await client.send(new GetDeploymentGroupCommand({ applicationName: 'tf-server-app', deploymentGroupName: 'tf-in-place' }));
  const group = out.deploymentGroupInfo!;
  assert.equal(group.deploymentConfigName, 'tf-server-two-healthy');
  assert.deepEqual(group.alarmConfiguration?.alarms?.map((a) => a.name).sort(), ['cutover-5xx', 'cutover-latency']);
  assert.equal(group.alarmConfiguration?.enabled, true);
  assert.equal(group.triggerConfigurations?.length, 1);
  assert.deepEqual([...group.triggerConfigurations![0]!.triggerEvents!].sort(), ['DeploymentFailure', 'DeploymentSuccess']);
  assert.equal(group.triggerConfigurations![0]!.triggerTargetArn, 'arn:aws:sns:us-east-1:123456789012:cutover-deployments');
  assert.deepEqual([...group.autoRollbackConfiguration!.events!].sort(), ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM']);
  assert.deepEqual(group.ec2TagFilters, [{ Key: 'role', Type: 'KEY_AND_VALUE', Value: 'web' }]);
  assert.deepEqual(group.onPremisesInstanceTagFilters, [{ Key: 'site', Type: 'KEY_AND_VALUE', Value: 'lab' }]);
  const tags = await client.send(new ListTagsForResourceCommand({ ResourceArn: groupArn('tf-server-app', 'tf-in-place') }));
  assert.deepEqual(tags.Tags, [{ Key: 'tier', Value: 'web' }]);
}

async function assertBlueGreenGroups(client: CodeDeployClient): Promise<void> {
  const server = (await client.send(new GetDeploymentGroupCommand({ applicationName: 'tf-server-app', deploymentGroupName: 'tf-blue-green' }))).deploymentGroupInfo!;
  assert.deepEqual(server.deploymentStyle, { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' });
  assert.deepEqual(server.loadBalancerInfo?.targetGroupInfoList, [{ name: 'api-targets' }]);
  assert.equal(server.blueGreenDeploymentConfiguration?.greenFleetProvisioningOption?.action, 'DISCOVER_EXISTING');
  const ecs = (await client.send(new GetDeploymentGroupCommand({ applicationName: 'tf-ecs-app', deploymentGroupName: 'tf-ecs' }))).deploymentGroupInfo!;
  assert.equal(ecs.computePlatform, 'ECS');
  assert.deepEqual(ecs.ecsServices, [{ clusterName: 'main', serviceName: 'checkout' }]);
  const pair = ecs.loadBalancerInfo?.targetGroupPairInfoList?.[0];
  assert.deepEqual(pair?.targetGroups?.map((g) => g.name), ['checkout-blue', 'checkout-green']);
  assert.equal(pair?.prodTrafficRoute?.listenerArns?.length, 1);
}

async function assertEverythingGone(client: CodeDeployClient): Promise<void> {
  const apps = await client.send(new ListApplicationsCommand({}));
  assert.deepEqual(apps.applications ?? [], []);
  for (const applicationName of APPS) {
    await assert.rejects(client.send(new GetApplicationCommand({ applicationName })), { name: 'ApplicationDoesNotExistException' });
  }
  const configs = await client.send(new ListDeploymentConfigsCommand({}));
  assert.deepEqual((configs.deploymentConfigsList ?? []).filter((n) => n.startsWith('tf-')), []);
  for (const deploymentConfigName of CONFIGS) {
    await assert.rejects(client.send(new GetDeploymentConfigCommand({ deploymentConfigName })), { name: 'DeploymentConfigDoesNotExistException' });
  }
  await assert.rejects(
    client.send(new GetDeploymentGroupCommand({ applicationName: 'tf-server-app', deploymentGroupName: 'tf-in-place' })),
    { name: 'ApplicationDoesNotExistException' },
  );
}

function sortByKey<T extends { Key?: string }>(tags: T[]): T[] {
  return [...tags].sort((a, b) => (a.Key ?? '').localeCompare(b.Key ?? ''));
}
