import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AddTagsToOnPremisesInstancesCommand, CreateApplicationCommand, CreateDeploymentCommand, CreateDeploymentGroupCommand,
  GetDeploymentCommand, ListDeploymentTargetsCommand, BatchGetDeploymentTargetsCommand, RegisterOnPremisesInstanceCommand,
} from '@aws-sdk/client-codedeploy';
import { DIALECTS } from '../support/dialects.ts';
import { codeDeployClient } from '../support/sdk.ts';
import { startServerProcess } from '../support/server-process.ts';
import { SimulatedAgent } from '../support/simulated-agent.ts';

const HOSTS = ['web-1', 'web-2', 'web-3'];
const EVENTS = ['ApplicationStop', 'DownloadBundle', 'BeforeInstall', 'Install', 'AfterInstall', 'ApplicationStart', 'ValidateService'];
const FAST = { CUTOVER_POLL_WAIT: '1', CUTOVER_REDELIVER_AFTER: '1' };

/**
 * Kills the server with SIGKILL over and over while a OneAtATime deployment runs on three
 * hosts, restarting it on the same data each time. The deployment must end Succeeded with every
 * event run exactly once on every host.
 */
for (const dialect of DIALECTS) {
  describe(`crash safety on ${dialect}`, () => {
    it('finishes a deployment correctly although the server is SIGKILLed repeatedly mid-deployment', async (t) => {
      let server = await startServerProcess({ dialect, env: FAST });
      const { dataDir, databaseUrl } = server;
      t.after(() => server.destroy());
      let client = codeDeployClient(server.url, server.credentials);
      await givenFleet(client);
      const agents = HOSTS.map((h) => new SimulatedAgent({ endpoint: server.url, credentials: server.credentials, hostIdentifier: arnOf(h) }));
      agents.forEach((a) => a.start());
      t.after(() => Promise.all(agents.map((a) => a.stop())));
      const { deploymentId } = await client.send(new CreateDeploymentCommand({
        applicationName: 'web', deploymentGroupName: 'prod',
        revision: { revisionType: 'S3', s3Location: { bucket: 'b', key: 'web.zip', bundleType: 'zip' } },
      }));
      const killPoints = [150, 300, 450, 250, 350];
      for (const delay of killPoints) {
        await new Promise((r) => setTimeout(r, delay));
        await server.stop('SIGKILL');
        server = await startServerProcess({ dataDir, databaseUrl, env: FAST });
        for (const agent of agents) agent.endpoint = server.url;
      }
      client = codeDeployClient(server.url, server.credentials);
      const status = await waitForEnd(client, deploymentId!);
      assert.equal(status, 'Succeeded');
      const { targetIds } = await client.send(new ListDeploymentTargetsCommand({ deploymentId }));
      const { deploymentTargets } = await client.send(new BatchGetDeploymentTargetsCommand({ deploymentId, targetIds }));
      for (const target of deploymentTargets!) {
        assert.deepEqual(target.instanceTarget?.lifecycleEvents?.map((e) => [e.lifecycleEventName, e.status]), EVENTS.map((e) => [e, 'Succeeded']));
      }
      for (const agent of agents) assert.deepEqual(agent.executed, EVENTS, `${agent.hostIdentifier} ran each event once, in order`);
    });
  });
}

function arnOf(host: string): string {
  return `arn:aws:iam::123456789012:user/${host}`;
}

async function givenFleet(client: ReturnType<typeof codeDeployClient>): Promise<void> {
  await client.send(new CreateApplicationCommand({ applicationName: 'web' }));
  await client.send(new CreateDeploymentGroupCommand({
    applicationName: 'web', deploymentGroupName: 'prod', serviceRoleArn: 'arn:aws:iam::123456789012:role/cutover',
    onPremisesInstanceTagFilters: [{ Key: 'fleet', Value: 'web', Type: 'KEY_AND_VALUE' }],
  }));
  for (const host of HOSTS) await client.send(new RegisterOnPremisesInstanceCommand({ instanceName: host, iamUserArn: arnOf(host) }));
  await client.send(new AddTagsToOnPremisesInstancesCommand({ instanceNames: HOSTS, tags: [{ Key: 'fleet', Value: 'web' }] }));
}

async function waitForEnd(client: ReturnType<typeof codeDeployClient>, deploymentId: string): Promise<string> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const { deploymentInfo } = await client.send(new GetDeploymentCommand({ deploymentId }));
    if (['Succeeded', 'Failed', 'Stopped'].includes(deploymentInfo!.status!)) return deploymentInfo!.status!;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the deployment did not end within 60 s');
}
