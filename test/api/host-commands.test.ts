import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateApplicationCommand, CreateDeploymentCommand, CreateDeploymentGroupCommand, GetDeploymentCommand,
  GetDeploymentTargetCommand, RegisterOnPremisesInstanceCommand, StopDeploymentCommand,
} from '@aws-sdk/client-codedeploy';
import { callJsonRpc, type JsonRpcOptions } from '../../src/client/json-rpc.ts';
import { DIALECTS } from '../support/dialects.ts';
import { startTestApi, type TestApi } from '../support/in-process-server.ts';

const EVENTS = ['ApplicationStop', 'DownloadBundle', 'BeforeInstall', 'Install', 'AfterInstall', 'ApplicationStart', 'ValidateService'];
const REVISION = { revisionType: 'S3' as const, s3Location: { bucket: 'bundles', key: 'web/v1.zip', bundleType: 'zip' as const, eTag: 'abc' } };

/** A fleet of `hosts` on-premises instances in group `prod` of application `web`, each with an agent key. */
async function givenFleet(api: TestApi, hosts: string[]) {
  await api.client.send(new CreateApplicationCommand({ applicationName: 'web' }));
  await api.client.send(new CreateDeploymentGroupCommand({
    applicationName: 'web', deploymentGroupName: 'prod', serviceRoleArn: 'arn:aws:iam::123456789012:role/cutover',
    onPremisesInstanceTagFilters: [{ Key: 'fleet', Value: 'web', Type: 'KEY_AND_VALUE' }],
    autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_FAILURE'] },
  }));
  const agents: Record<string, JsonRpcOptions & { hostIdentifier: string }> = {};
  for (const host of hosts) {
    const hostIdentifier = `arn:aws:iam::123456789012:user/${host}`;
    await api.client.send(new RegisterOnPremisesInstanceCommand({ instanceName: host, iamUserArn: hostIdentifier }));
    await api.store.instances.addTags({ instanceNames: [host], tags: [{ Key: 'fleet', Value: 'web' }], maxTags: 10 });
    const key = await api.store.accessKeys.create({ role: 'agent', instanceName: host });
    agents[host] = { endpoint: api.url, credentials: key, service: 'codedeploy-commands', targetPrefix: 'CodeDeployCommandService_v20141006', hostIdentifier };
  }
  return agents;
}

/** Plays a host agent for one command: poll, fetch the spec, acknowledge, complete. */
async function runOneCommand(agent: JsonRpcOptions & { hostIdentifier: string }, outcome: 'Succeeded' | 'Failed' = 'Succeeded') {
  const poll = await callJsonRpc(agent, 'PollHostCommand', { HostIdentifier: agent.hostIdentifier });
  assert.equal(poll.status, 200, poll.raw);
  const command = poll.body.HostCommand;
  if (!command) return undefined;
  const spec = await callJsonRpc(agent, 'GetDeploymentSpecification', { DeploymentExecutionId: command.DeploymentExecutionId, HostIdentifier: agent.hostIdentifier });
  assert.equal(spec.body.DeploymentSystem, 'CodeDeploy');
  assert.equal(spec.body.DeploymentSpecification.GenericEnvelope.Format, 'PKCS7/JSON');
  assert.match(spec.body.DeploymentSpecification.GenericEnvelope.Payload, /^-----BEGIN PKCS7-----/);
  const ack = await callJsonRpc(agent, 'PutHostCommandAcknowledgement', { HostCommandIdentifier: command.HostCommandIdentifier, Diagnostics: { Format: 'JSON', Payload: '{"IsCommandNoop":false}' } });
  assert.equal(ack.body.CommandStatus, 'InProgress');
  const payload = outcome === 'Succeeded'
    ? { error_code: 0, script_name: '', message: 'Succeeded: ', log: '' }
    : { error_code: 4, script_name: 'scripts/validate.sh', message: 'Script at specified location: scripts/validate.sh failed with exit code 1', log: '[stdout]unhealthy\n' };
  const done = await callJsonRpc(agent, 'PutHostCommandComplete', { HostCommandIdentifier: command.HostCommandIdentifier, CommandStatus: outcome, Diagnostics: { Format: 'JSON', Payload: JSON.stringify(payload) } });
  assert.equal(done.status, 200, done.raw);
  return command.CommandName as string;
}

async function waitForStatus(api: TestApi, deploymentId: string, statuses: string[]) {
  for (let i = 0; i < 200; i++) {
    const { deploymentInfo } = await api.client.send(new GetDeploymentCommand({ deploymentId }));
    if (statuses.includes(deploymentInfo!.status!)) return deploymentInfo!;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`deployment ${deploymentId} never reached ${statuses.join('/')}`);
}

for (const dialect of DIALECTS) {
  describe(`host-command protocol on ${dialect}`, () => {
    it('runs a deployment through its lifecycle events on one host to Succeeded', async (t) => {
      const api = await startTestApi(dialect, { pollWaitMs: 2000 });
      t.after(() => api.close());
      const agents = await givenFleet(api, ['web-1']);
      const { deploymentId } = await api.client.send(new CreateDeploymentCommand({ applicationName: 'web', deploymentGroupName: 'prod', revision: REVISION }));
      const seen: string[] = [];
      for (let i = 0; i < EVENTS.length; i++) seen.push((await runOneCommand(agents['web-1']!))!);
      assert.deepEqual(seen, EVENTS);
      const info = await waitForStatus(api, deploymentId!, ['Succeeded', 'Failed']);
      assert.equal(info.status, 'Succeeded');
      assert.ok(info.completeTime instanceof Date);
      assert.equal(info.deploymentOverview?.Succeeded, 1);
      const { deploymentTarget } = await api.client.send(new GetDeploymentTargetCommand({ deploymentId, targetId: 'web-1' }));
      assert.deepEqual(deploymentTarget?.instanceTarget?.lifecycleEvents?.map((e) => e.status), EVENTS.map(() => 'Succeeded'));
      await assert.rejects(api.client.send(new StopDeploymentCommand({ deploymentId })), { name: 'DeploymentAlreadyCompletedException' });
    });

    it('refuses another host\'s key, keeps the first completion, and records failure diagnostics', async (t) => {
      const api = await startTestApi(dialect, { pollWaitMs: 2000 });
      t.after(() => api.close());
      const agents = await givenFleet(api, ['web-1', 'web-2']);
      const { deploymentId } = await api.client.send(new CreateDeploymentCommand({ applicationName: 'web', deploymentGroupName: 'prod', revision: REVISION }));
      const intruder = { ...agents['web-2']!, hostIdentifier: agents['web-1']!.hostIdentifier };
      const refused = await callJsonRpc(intruder, 'PollHostCommand', { HostIdentifier: intruder.hostIdentifier });
      assert.equal(refused.errorType, 'AccessDeniedException');
      const first = agents[(await firstHostWithCommand(api, deploymentId!))]!;
      await runOneCommand(first, 'Failed');
      const info = await waitForStatus(api, deploymentId!, ['Failed']);
      assert.equal(info.errorInformation?.code, 'HEALTH_CONSTRAINTS');
      assert.equal(info.rollbackInfo?.rollbackMessage?.startsWith('Automatic rollback was not performed'), true, 'no earlier revision to return to');
    });

    it('stops a running deployment: Pending first, then Succeeded once the running event ends', async (t) => {
      const api = await startTestApi(dialect, { pollWaitMs: 2000 });
      t.after(() => api.close());
      const agents = await givenFleet(api, ['web-1']);
      const { deploymentId } = await api.client.send(new CreateDeploymentCommand({ applicationName: 'web', deploymentGroupName: 'prod', revision: REVISION }));
      await runOneCommand(agents['web-1']!);
      const poll = await callJsonRpc(agents['web-1']!, 'PollHostCommand', { HostIdentifier: agents['web-1']!.hostIdentifier });
      const running = poll.body.HostCommand;
      assert.equal(running.CommandName, 'DownloadBundle');
      const stop = await api.client.send(new StopDeploymentCommand({ deploymentId }));
      assert.equal(stop.status, 'Pending');
      await callJsonRpc(agents['web-1']!, 'PutHostCommandComplete', { HostCommandIdentifier: running.HostCommandIdentifier, CommandStatus: 'Succeeded', Diagnostics: { Format: 'JSON', Payload: '{"error_code":0}' } });
      const info = await waitForStatus(api, deploymentId!, ['Stopped']);
      assert.equal(info.errorInformation?.code, 'MANUAL_STOP');
      assert.equal((await api.client.send(new StopDeploymentCommand({ deploymentId }))).status, 'Succeeded', 'asking again after the stop answers Succeeded');
    });
  });
}

async function firstHostWithCommand(api: TestApi, deploymentId: string): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const commands = await api.store.hostCommands.forDeployment(deploymentId);
    if (commands[0]) return commands[0].instanceName;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('no command was created');
}
