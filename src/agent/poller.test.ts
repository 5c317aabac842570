import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  CreateApplicationCommand, CreateDeploymentCommand, CreateDeploymentGroupCommand, GetDeploymentCommand,
  GetDeploymentTargetCommand, RegisterOnPremisesInstanceCommand,
} from '@aws-sdk/client-codedeploy';
import { createSigningIdentity } from '../api/host-commands/spec-signer.ts';
import { DIALECTS } from '../../test/support/dialects.ts';
import { startTestApi, type TestApi } from '../../test/support/in-process-server.ts';
import { buildTgzBundle } from '../../test/support/s3.ts';
import { DEFAULT_BUNDLE_LIMITS } from './bundle/index.ts';
import { S3TestDouble } from './bundle/s3-test-double.ts';
import { CommandClient } from './command-client.ts';
import { CommandExecutor } from './command-executor.ts';
import { SILENT_AGENT_LOG } from './command-log.ts';
import { staticCredentials } from './credentials.ts';
import { DeploymentRootLayout } from './layout.ts';
import { writeTrackingFile } from './ongoing-deployment.ts';
import { Poller } from './poller.ts';
import type { SpecificationTrust } from './specification.ts';

const HOST = 'poller-host';
const HOST_ARN = `arn:aws:iam::123456789012:user/${HOST}`;
const S3_SECRET = 's3-double-secret';

/** An application, a group selecting the host by tag, and the host with its agent key. */
async function givenHost(api: TestApi) {
  await api.client.send(new CreateApplicationCommand({ applicationName: 'app' }));
  await api.client.send(new CreateDeploymentGroupCommand({
    applicationName: 'app', deploymentGroupName: 'dg', serviceRoleArn: 'arn:aws:iam::123456789012:role/cutover',
    onPremisesInstanceTagFilters: [{ Key: 'fleet', Value: 'poller', Type: 'KEY_AND_VALUE' }],
  }));
  await api.client.send(new RegisterOnPremisesInstanceCommand({ instanceName: HOST, iamUserArn: HOST_ARN }));
  await api.store.instances.addTags({ instanceNames: [HOST], tags: [{ Key: 'fleet', Value: 'poller' }], maxTags: 10 });
  return api.store.accessKeys.create({ role: 'agent', instanceName: HOST });
}

/** A poller for the host, as `createAgent` builds it but with the trust and S3 given. */
function pollerFor(api: TestApi, options: { key: { accessKeyId: string; secretAccessKey: string }; root: string; trust: SpecificationTrust; s3Endpoint?: string }) {
  const layout = new DeploymentRootLayout({ root: options.root });
  const credentials = staticCredentials(options.key, 'test');
  const executor = new CommandExecutor({
    layout, maxRevisions: 5, bundleLimits: DEFAULT_BUNDLE_LIMITS, log: SILENT_AGENT_LOG, hookOptions: () => ({}),
    s3: () => ({ endpoint: options.s3Endpoint, region: 'us-east-1', credentials: { accessKeyId: 'S3KEY', secretAccessKey: S3_SECRET } }),
  });
  return new Poller({
    client: new CommandClient({ endpoint: api.url, region: 'us-east-1', credentials }), executor, layout, hostIdentifier: HOST_ARN,
    trust: options.trust, backoff: { initialMs: 50, multiplier: 2, maxMs: 200 }, pollIntervalMs: 0, log: SILENT_AGENT_LOG,
  });
}

async function waitForEnd(api: TestApi, deploymentId: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { deploymentInfo } = await api.client.send(new GetDeploymentCommand({ deploymentId }));
    if (['Succeeded', 'Failed', 'Stopped'].includes(deploymentInfo!.status!)) return deploymentInfo!;
    if (Date.now() > deadline) throw new Error(`deployment ${deploymentId} is still ${deploymentInfo!.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

for (const dialect of DIALECTS) {
  describe(`the agent's poller against an in-process server on ${dialect}`, () => {
    it('runs a deployment from S3, declaring each event\'s timeout in its acknowledgement', async (t) => {
      const api = await startTestApi(dialect, { pollWaitMs: 1000 });
      const s3 = new S3TestDouble({ secretAccessKey: S3_SECRET });
      const root = await mkdtemp(join(tmpdir(), 'cutover-poller-'));
      t.after(async () => {
        await Promise.all([api.close(), s3.close()]);
        await rm(root, { recursive: true, force: true });
      });
      const key = await givenHost(api);
      const hook = '#!/bin/sh\necho "ran $LIFECYCLE_EVENT"\n';
      s3.put('bundles', 'app.tgz', 'v1', { etag: '"e1"', body: await buildTgzBundle({
        'appspec.yml': 'version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n    - location: hook.sh\n      timeout: 30\n    - location: hook.sh\n      timeout: 45\n',
        'hook.sh': { content: hook, mode: 0o755 },
      }) });
      const endpoint = await s3.start();
      // The e2e suite verifies against the server's certificate file; here, integrity only.
      const poller = pollerFor(api, { key, root, trust: { verify: true }, s3Endpoint: endpoint });
      const running = poller.run();
      const { deploymentId } = await api.client.send(new CreateDeploymentCommand({
        applicationName: 'app', deploymentGroupName: 'dg',
        revision: { revisionType: 'S3', s3Location: { bucket: 'bundles', key: 'app.tgz', bundleType: 'tgz', eTag: 'e1' } },
      }));
      const info = await waitForEnd(api, deploymentId!);
      poller.stop();
      await running;
      assert.equal(info.status, 'Succeeded');
      const commands = await api.store.hostCommands.forDeployment(deploymentId!);
      const afterInstall = commands.find((c) => c.commandName === 'AfterInstall')!;
      assert.equal(afterInstall.timeoutSeconds, 75);
      assert.ok(afterInstall.acknowledgeTime !== undefined);
      assert.equal(commands.find((c) => c.commandName === 'DownloadBundle')!.timeoutSeconds, undefined);
    });

    it('fails an event whose specification was signed by another key, without acknowledging it', async (t) => {
      const api = await startTestApi(dialect, { pollWaitMs: 1000 });
      const root = await mkdtemp(join(tmpdir(), 'cutover-poller-'));
      t.after(async () => {
        await api.close();
        await rm(root, { recursive: true, force: true });
      });
      const key = await givenHost(api);
      const stranger = createSigningIdentity('not the server');
      const poller = pollerFor(api, { key, root, trust: { verify: true, certificate: stranger.certificatePem } });
      const running = poller.run();
      const { deploymentId } = await api.client.send(new CreateDeploymentCommand({
        applicationName: 'app', deploymentGroupName: 'dg',
        revision: { revisionType: 'S3', s3Location: { bucket: 'bundles', key: 'app.tgz', bundleType: 'tgz' } },
      }));
      const info = await waitForEnd(api, deploymentId!);
      poller.stop();
      await running;
      assert.equal(info.status, 'Failed');
      const { deploymentTarget } = await api.client.send(new GetDeploymentTargetCommand({ deploymentId, targetId: HOST }));
      const stop = deploymentTarget!.instanceTarget!.lifecycleEvents!.find((e) => e.lifecycleEventName === 'ApplicationStop')!;
      assert.equal(stop.diagnostics?.errorCode, 'UnknownError');
      assert.match(stop.diagnostics?.message ?? '', /^Refusing the deployment specification: /);
      const [command] = await api.store.hostCommands.forDeployment(deploymentId!);
      assert.equal(command!.acknowledgeTime, undefined);
    });

    it('ends an idle long poll at once when stopped', async (t) => {
      const api = await startTestApi(dialect, { pollWaitMs: 10_000 });
      const root = await mkdtemp(join(tmpdir(), 'cutover-poller-'));
      t.after(async () => {
        await api.close();
        await rm(root, { recursive: true, force: true });
      });
      const key = await givenHost(api);
      const poller = pollerFor(api, { key, root, trust: { verify: false } });
      const running = poller.run();
      await new Promise((r) => setTimeout(r, 300));
      const stopped = Date.now();
      poller.stop();
      await running;
      assert.ok(Date.now() - stopped < 2000, `took ${Date.now() - stopped} ms to stop`);
    });

    it('drops, at start, an interrupted command the server refuses to hear about, and goes on polling', async (t) => {
      const api = await startTestApi(dialect, { pollWaitMs: 1000 });
      const root = await mkdtemp(join(tmpdir(), 'cutover-poller-'));
      t.after(async () => {
        await api.close();
        await rm(root, { recursive: true, force: true });
      });
      const key = await givenHost(api);
      await writeTrackingFile(new DeploymentRootLayout({ root }), 'd-UNKNOWN01', 'hc-the-server-never-issued');
      const poller = pollerFor(api, { key, root, trust: { verify: false } });
      const running = poller.run();
      const deadline = Date.now() + 10_000;
      while (existsSync(join(root, 'ongoing-deployment'))) {
        assert.ok(Date.now() < deadline, 'the tracking directory was never cleared');
        await new Promise((r) => setTimeout(r, 50));
      }
      poller.stop();
      await running;
    });
  });
}
