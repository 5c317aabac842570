import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CreateApplicationCommand, CreateDeploymentCommand, CreateDeploymentGroupCommand, GetDeploymentCommand,
  GetDeploymentGroupCommand, GetDeploymentTargetCommand, type CodeDeployClient, type DeploymentInfo, type LifecycleEvent,
} from '@aws-sdk/client-codedeploy';
import { readCommandLogs, registerAgentHost, startAgentProcess, type AgentHost, type AgentProcess } from '../support/agent-process.ts';
import { buildTgzBundle, startS3, type BundleFiles, type TestS3 } from '../support/s3.ts';
import { codeDeployClient } from '../support/sdk.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';

// A real `cutover server` process and a real `cutover agent` process with its own deployment
// root, bundles served over HTTP from an S3-compatible store (moto_server when installed). Each
// `it` deploys to the same host in turn: success, a failing ValidateService, and an agent killed
// with SIGKILL in the middle of a hook and restarted.

const BUCKET = 'cutover-agent-e2e';
const APP = 'agent-app';
const GROUP = 'agent-dg';
// Variables the agent process has that must never reach a hook.
const LEAKY_ENV = { AWS_ACCESS_KEY_ID: 'AKIAAGENTPROCESSLEAK', AWS_SECRET_ACCESS_KEY: 'agent-process-secret-must-not-leak' };

let server: ServerProcess;
let s3: TestS3;
let admin: CodeDeployClient;
let host: AgentHost;
let agent: AgentProcess;
let work: string;
let groupId: string;

/** A bundle whose hooks append `<event> <version>` to events.log and dump their environment. */
function bundle(version: string, overrides: { validate?: string; start?: string } = {}): BundleFiles {
  const proof = join(work, 'proof');
  const record = `#!/bin/sh\necho "$LIFECYCLE_EVENT ${version}" >> ${proof}/events.log\nenv > ${proof}/env-$LIFECYCLE_EVENT\necho "hello from $LIFECYCLE_EVENT"\n`;
  const script = (body = record) => ({ content: body, mode: 0o755 });
  const hook = (location: string, timeout = 30) => [{ location, timeout }];
  return {
    'appspec.yml': [
      'version: 0.0', 'os: linux',
      'files:', '  - source: app', `    destination: ${join(work, 'install')}`,
      'hooks:',
      ...Object.entries({
        ApplicationStop: hook('scripts/record.sh'), BeforeInstall: hook('scripts/record.sh'), AfterInstall: hook('scripts/record.sh'),
        ApplicationStart: hook('scripts/start.sh', 120), ValidateService: hook('scripts/validate.sh'),
      }).map(([event, [h]]) => `  ${event}:\n    - location: ${h!.location}\n      timeout: ${h!.timeout}`),
    ].join('\n') + '\n',
    'app/version.txt': version,
    'scripts/record.sh': script(),
    'scripts/start.sh': script(overrides.start ?? record),
    'scripts/validate.sh': script(overrides.validate ?? record),
  };
}

async function deploy(version: string, files: BundleFiles): Promise<string> {
  const key = `${APP}/${version}-${Date.now()}.tgz`;
  const { eTag } = await s3.putObject(BUCKET, key, await buildTgzBundle(files));
  const { deploymentId } = await admin.send(new CreateDeploymentCommand({
    applicationName: APP, deploymentGroupName: GROUP,
    revision: { revisionType: 'S3', s3Location: { bucket: BUCKET, key, bundleType: 'tgz', eTag } },
  }));
  return deploymentId!;
}

async function waitForEnd(deploymentId: string, timeoutMs = 60_000): Promise<DeploymentInfo> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { deploymentInfo } = await admin.send(new GetDeploymentCommand({ deploymentId }));
    if (['Succeeded', 'Failed', 'Stopped'].includes(deploymentInfo!.status!)) return deploymentInfo!;
    if (Date.now() > deadline) throw new Error(`deployment ${deploymentId} still ${deploymentInfo!.status}; agent output:\n${agent.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function lifecycleEvents(deploymentId: string): Promise<LifecycleEvent[]> {
  const { deploymentTarget } = await admin.send(new GetDeploymentTargetCommand({ deploymentId, targetId: host.instanceName }));
  return deploymentTarget!.instanceTarget!.lifecycleEvents!;
}

async function waitForFile(path: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(path) || readFileSync(path, 'utf8').trim() === '') {
    if (Date.now() > deadline) throw new Error(`${path} did not appear; agent output:\n${agent.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function waitUntil(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}; agent output:\n${agent.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function proof(name: string): string {
  return readFileSync(join(work, 'proof', name), 'utf8');
}

describe('cutover agent against a real server, end to end', () => {
  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'cutover-agent-e2e-'));
    mkdirSync(join(work, 'proof'));
    [server, s3] = await Promise.all([startServerProcess({ dialect: 'sqlite', env: { CUTOVER_POLL_WAIT: '2' } }), startS3()]);
    await s3.createBucket(BUCKET);
    admin = codeDeployClient(server.url, server.credentials);
    await admin.send(new CreateApplicationCommand({ applicationName: APP }));
    await admin.send(new CreateDeploymentGroupCommand({
      applicationName: APP, deploymentGroupName: GROUP, serviceRoleArn: 'arn:aws:iam::123456789012:role/cutover',
      onPremisesInstanceTagFilters: [{ Key: 'env', Value: 'agent-e2e', Type: 'KEY_AND_VALUE' }],
    }));
    groupId = (await admin.send(new GetDeploymentGroupCommand({ applicationName: APP, deploymentGroupName: GROUP }))).deploymentGroupInfo!.deploymentGroupId!;
    host = await registerAgentHost(server, { instanceName: 'agent-e2e-1', tags: [{ Key: 'env', Value: 'agent-e2e' }], s3 });
    agent = startAgentProcess(host, { env: LEAKY_ENV });
    await agent.waitForOutput(/cutover agent starting/);
  });

  after(async () => {
    await agent?.stop('SIGKILL');
    await Promise.all([server?.destroy(), s3?.close()]);
    host?.remove();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('deploys a bundle: files installed, hooks run with the documented variables, the official layout written', async () => {
    const deploymentId = await deploy('v1', bundle('v1'));
    const info = await waitForEnd(deploymentId);
    assert.equal(info.status, 'Succeeded', JSON.stringify(info.errorInformation));
    assert.equal(readFileSync(join(work, 'install', 'version.txt'), 'utf8'), 'v1');
    // ApplicationStop has no earlier revision to run on the group's first deployment.
    assert.deepEqual(proof('events.log').trim().split('\n'), ['BeforeInstall v1', 'AfterInstall v1', 'ApplicationStart v1', 'ValidateService v1']);
    const env = proof('env-AfterInstall');
    assert.match(env, new RegExp(`^DEPLOYMENT_ID=${deploymentId}$`, 'm'));
    assert.match(env, /^APPLICATION_NAME=agent-app$/m);
    assert.match(env, new RegExp(`^DEPLOYMENT_GROUP_ID=${groupId}$`, 'm'));
    assert.match(env, /^BUNDLE_BUCKET=cutover-agent-e2e$/m);
    for (const secret of [host.credentials.secretAccessKey, LEAKY_ENV.AWS_SECRET_ACCESS_KEY, LEAKY_ENV.AWS_ACCESS_KEY_ID, s3.credentials.secretAccessKey]) {
      assert.ok(!env.includes(secret), `a hook saw the agent's credential ${secret}`);
    }
    const deploymentDir = join(host.rootDir, groupId, deploymentId);
    assert.ok(existsSync(join(deploymentDir, 'deployment-archive', 'appspec.yml')));
    assert.match(readFileSync(join(deploymentDir, 'logs', 'scripts.log'), 'utf8'), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \[stdout\]hello from ValidateService$/m);
    const instructions = join(host.rootDir, 'deployment-instructions');
    assert.equal(readFileSync(join(instructions, `${groupId}_last_successful_install`), 'utf8'), deploymentDir);
    assert.equal(readFileSync(join(instructions, `${groupId}_most_recent_install`), 'utf8'), deploymentDir);
    assert.match(readFileSync(join(instructions, `${groupId}-cleanup`), 'utf8'), /version\.txt/);
    assert.deepEqual(existsSync(join(host.rootDir, 'ongoing-deployment')) ? readdirSync(join(host.rootDir, 'ongoing-deployment')) : [], []);
    const logs = await readCommandLogs(server, deploymentId);
    assert.match(logs.find((l) => l.commandName === 'ValidateService')?.log ?? '', /\[stdout\]hello from ValidateService/);
    assert.match(logs.find((l) => l.commandName === 'DownloadBundle')?.log ?? '', /DownloadBundle: fetching s3:\/\/cutover-agent-e2e\//);
  });

  it('fails a deployment whose ValidateService script fails, with ScriptFailed diagnostics and the full log stored', async () => {
    const noisy = '#!/bin/sh\nfor i in $(seq 1 300); do echo "line $i of a long health report"; done\necho unhealthy\nexit 3\n';
    const deploymentId = await deploy('v2', bundle('v2', { validate: noisy }));
    const info = await waitForEnd(deploymentId);
    assert.equal(info.status, 'Failed');
    const events = await lifecycleEvents(deploymentId);
    const validate = events.find((e) => e.lifecycleEventName === 'ValidateService')!;
    assert.equal(validate.status, 'Failed');
    assert.equal(validate.diagnostics?.errorCode, 'ScriptFailed');
    assert.equal(validate.diagnostics?.scriptName, 'scripts/validate.sh');
    assert.equal(validate.diagnostics?.message, 'Script at specified location: scripts/validate.sh failed with exit code 3');
    assert.match(validate.diagnostics?.logTail ?? '', /\[stdout\]unhealthy\n$/);
    assert.ok((validate.diagnostics?.logTail ?? '').length <= 2048, 'the tail is the official ~2 KB window');
    // ApplicationStop ran the last successful revision's script (v1), the rest ran v2's.
    assert.match(proof('events.log'), /^ApplicationStop v1$/m);
    const logs = await readCommandLogs(server, deploymentId);
    const full = logs.find((l) => l.commandName === 'ValidateService')?.log ?? '';
    assert.match(full, /\[stdout\]line 1 of a long health report/, 'the full log keeps what the tail dropped');
    assert.match(full, /\[stdout\]unhealthy/);
  });

  it('reports an event cut short by SIGKILL as failed with code 7 after a restart, then runs the next deployment', async () => {
    const pidFile = join(work, 'proof', 'start.pid');
    const slowStart = `#!/bin/sh\necho $$ > ${pidFile}\nsleep 60\n`;
    const deploymentId = await deploy('v3', bundle('v3', { start: slowStart }));
    await waitForFile(pidFile);
    await agent.stop('SIGKILL');
    killGroup(Number(readFileSync(pidFile, 'utf8')));
    const tracking = join(host.rootDir, 'ongoing-deployment', deploymentId);
    assert.ok(existsSync(tracking), 'the tracking file of the interrupted event is left behind');
    agent = startAgentProcess(host, { env: LEAKY_ENV });
    const info = await waitForEnd(deploymentId);
    assert.equal(info.status, 'Failed');
    const start = (await lifecycleEvents(deploymentId)).find((e) => e.lifecycleEventName === 'ApplicationStart')!;
    assert.equal(start.status, 'Failed');
    assert.equal(start.diagnostics?.message, 'Failed: Failing in-progress lifecycle event after an agent restart.');
    // The agent clears the directory right after its report, so give it a moment.
    await waitUntil(() => !existsSync(join(host.rootDir, 'ongoing-deployment')), 'the tracking directory is cleared');

    const next = await deploy('v4', bundle('v4'));
    assert.equal((await waitForEnd(next)).status, 'Succeeded');
    assert.equal(readFileSync(join(work, 'install', 'version.txt'), 'utf8'), 'v4');
  });

  it('finishes the running hook on SIGTERM and exits 0; restarted from the official agent\'s files, it carries on', async (t) => {
    const pidFile = join(work, 'proof', 'graceful.pid');
    const slowStart = `#!/bin/sh\necho $$ > ${pidFile}\nsleep 1.5\necho "$LIFECYCLE_EVENT v5" >> ${join(work, 'proof')}/events.log\n`;
    const deploymentId = await deploy('v5', bundle('v5', { start: slowStart }));
    await waitForFile(pidFile);
    assert.equal(await agent.stop('SIGTERM'), 0);
    assert.match(agent.output(), /stopping after the running ApplicationStart command/);
    assert.match(proof('events.log'), /^ApplicationStart v5$/m, 'the hook ran to its end');
    const start = (await lifecycleEvents(deploymentId)).find((e) => e.lifecycleEventName === 'ApplicationStart')!;
    assert.equal(start.status, 'Succeeded', 'its completion was delivered before the exit');
    if (s3.kind !== 'moto') {
      // The official files give one key pair for everything; the S3 double checks its own.
      agent = startAgentProcess(host, { env: LEAKY_ENV });
      t.diagnostic('official config files not tried: moto_server is not installed');
    } else {
      const onPremises = join(host.dir, 'codedeploy.onpremises.yml');
      writeFileSync(onPremises, `---\nregion: us-east-1\niam_user_arn: ${host.hostIdentifier}\naws_access_key_id: ${host.credentials.accessKeyId}\naws_secret_access_key: ${host.credentials.secretAccessKey}\n`);
      const official = join(host.dir, 'codedeployagent.yml');
      writeFileSync(official, `---\n:log_aws_wire: false\n:log_dir: '${join(host.dir, 'log')}'\n:root_dir: '${host.rootDir}'\n:max_revisions: 5\n:wait_between_runs: 1\n:proxy_uri:\n`
        + `:deploy_control_endpoint: '${server.url}'\n:s3_endpoint_override: '${s3.endpoint}'\n:on_premises_config_file: '${onPremises}'\n`);
      agent = startAgentProcess(host, { args: ['--official-config', official], env: LEAKY_ENV });
    }
    assert.equal((await waitForEnd(deploymentId)).status, 'Succeeded', agent.output());
    if (s3.kind === 'moto') assert.match(readFileSync(join(host.dir, 'log', 'cutover-agent.log'), 'utf8'), /"msg":"cutover agent starting"/);
  });

  it('stops at once on a second signal, exiting 128 + the signal number', async () => {
    const pidFile = join(work, 'proof', 'twice.pid');
    const deploymentId = await deploy('v6', bundle('v6', { start: `#!/bin/sh\necho $$ > ${pidFile}\nsleep 60\n` }));
    await waitForFile(pidFile);
    agent.process.kill('SIGTERM');
    await agent.waitForOutput(/stopping after the running ApplicationStart command/);
    assert.equal(await agent.stop('SIGTERM'), 143);
    killGroup(Number(readFileSync(pidFile, 'utf8')));
    agent = startAgentProcess(host, { env: LEAKY_ENV });
    assert.equal((await waitForEnd(deploymentId)).status, 'Failed');
  });
});

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
