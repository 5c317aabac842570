import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { CreateApplicationCommand, CreateDeploymentGroupCommand, GetOnPremisesInstanceCommand } from '@aws-sdk/client-codedeploy';
import { readOnPremisesConfig } from '../../src/agent/on-premises-config.ts';
import { startAgentProcess, type AgentProcess } from '../support/agent-process.ts';
import { hasEscapeCodes, runCutover, writeBundleDir } from '../support/cutover-cli.ts';
import { codeDeployClient } from '../support/sdk.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';

// The people commands end to end, as a newcomer uses them: `cutover register` writes the files a
// real `cutover agent` starts from; `cutover push` uploads to the server's own bundle store;
// `cutover deploy --wait` follows a good release and a broken one (a missing script); `cutover
// status` shows them; `cutover rollback` returns to the good one, then has nothing left to
// return to. Every command runs as a process with its output piped, as in CI.

let server: ServerProcess;
let agent: AgentProcess | undefined;
let work: string;
let hostDir: string;
const deployments: Record<string, string> = {};

function bundle(name: string, hooks: string, scripts: Record<string, string>): string {
  const appspec = `version: 0.0\nos: linux\nfiles:\n  - source: index.html\n    destination: ${join(work, 'www')}\nhooks:\n${hooks}`;
  const files = Object.fromEntries(Object.entries(scripts).map(([path, content]) => [path, { content, mode: 0o755 }]));
  return writeBundleDir(join(work, name), { 'appspec.yml': appspec, 'index.html': `${name}\n`, ...files });
}

function deployArgs(...extra: string[]): string[] {
  return ['deploy', '--application-name', 'web', '--deployment-group-name', 'prod', ...extra];
}

describe('cutover register, push, deploy --wait, status and rollback with a real agent', () => {
  before(async () => {
    server = await startServerProcess({ env: { CUTOVER_POLL_WAIT: '2' } });
    work = mkdtempSync(join(tmpdir(), 'cutover-cli-deploy-'));
    hostDir = join(work, 'host');
    const client = codeDeployClient(server.url, server.credentials);
    await client.send(new CreateApplicationCommand({ applicationName: 'web' }));
    await client.send(new CreateDeploymentGroupCommand({
      applicationName: 'web', deploymentGroupName: 'prod', serviceRoleArn: 'arn:aws:iam::123456789012:role/x',
      onPremisesInstanceTagFilters: [{ Key: 'fleet', Value: 'web', Type: 'KEY_AND_VALUE' }], deploymentConfigName: 'CodeDeployDefault.AllAtOnce',
    }));
  });
  after(async () => {
    await agent?.stop('SIGKILL');
    await server?.destroy();
    rmSync(work, { recursive: true, force: true });
  });

  it('registers a host whose written agent.yml starts a real agent', async () => {
    const result = await runCutover(server, ['register', 'web-1', '--tags', 'fleet=web,env=test', '--address', '127.0.0.1:8080', '--output-dir', hostDir]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Registered web-1 \(arn:aws:iam::\d{12}:user\/cutover\/web-1\) with tags fleet=web,env=test,cutover:address=127\.0\.0\.1:8080/);
    assert.match(result.stdout, /cutover agent --config .*agent\.yml/);
    const agentFile = join(hostDir, 'agent.yml');
    const onPremisesFile = join(hostDir, 'codedeploy.onpremises.yml');
    assert.equal(statSync(agentFile).mode & 0o777, 0o600);
    assert.equal(statSync(onPremisesFile).mode & 0o777, 0o600);
    const config = parse(readFileSync(agentFile, 'utf8'));
    assert.equal(config.endpoint, server.url);
    assert.equal(config.s3_endpoint, server.url);
    assert.match(config.access_key_id, /^CKIA/);
    const official = readOnPremisesConfig(onPremisesFile);
    assert.equal(official.hostIdentifier, config.host_identifier);
    const { instanceInfo } = await codeDeployClient(server.url, server.credentials).send(new GetOnPremisesInstanceCommand({ instanceName: 'web-1' }));
    assert.equal(instanceInfo?.iamUserArn, config.host_identifier);
    assert.deepEqual(instanceInfo?.tags?.find((t) => t.Key === 'cutover:address')?.Value, '127.0.0.1:8080');

    // A host-local choice the register command cannot know: where this test host keeps deployments.
    appendFileSync(agentFile, `root_dir: ${join(hostDir, 'root')}\npoll_backoff:\n  initial_seconds: 0.2\n  max_seconds: 1\n`);
    agent = startAgentProcess({ configFile: agentFile }, { cwd: hostDir });
    await agent.waitForOutput(/cutover agent starting/, 90_000);
  });

  it('pushes a directory to the server\'s bundle store and deploys it with --wait, exiting 0', async () => {
    const dir = bundle('v1', '  AfterInstall:\n    - location: scripts/after.sh\n', { 'scripts/after.sh': '#!/bin/sh\necho installed v1\n' });
    appendFileSync(join(dir, '.git'), 'not bundled\n');
    const push = await runCutover(server, ['push', '--application-name', 'web', '--source', dir, '--description', 'v1']);
    assert.equal(push.code, 0, push.stderr);
    assert.match(push.stdout, /Uploaded s3:\/\/cutover-bundles\/web\/\S+\.zip \(3 files, /);
    assert.match(push.stdout, /cutover deploy --application-name web --deployment-group-name <group> --revision-from-last-push --wait/);

    const deploy = await runCutover(server, deployArgs('--revision-from-last-push', '--wait'));
    assert.equal(deploy.code, 0, `${deploy.stdout}\n${deploy.stderr}\n${agent!.output().slice(-3000)}`);
    deployments.v1 = /Created deployment (d-[A-Z0-9]{9})/.exec(deploy.stdout)![1]!;
    assert.match(deploy.stdout, new RegExp(`^${deployments.v1}  Succeeded  Pending 0  InProgress 0  Succeeded 1  Failed 0  Skipped 0$`, 'm'));
    assert.match(deploy.stdout, /^ {2}web-1 {2}Succeeded$/m);
    assert.match(deploy.stdout, /Deployment d-\w+ succeeded\.\n$/);
    assert.equal(hasEscapeCodes(deploy.stdout + deploy.stderr), false, 'piped output has no control codes');
    assert.equal(readFileSync(join(work, 'www', 'index.html'), 'utf8'), 'v1\n');
  });

  it('follows a deployment whose hook script is missing, shows the diagnostics and log tail, and exits 1', async () => {
    const dir = bundle('v2', '  AfterInstall:\n    - location: scripts/missing.sh\n', {});
    assert.equal((await runCutover(server, ['push', '--application-name', 'web', '--source', dir])).code, 0);
    const deploy = await runCutover(server, deployArgs('--revision-from-last-push', '--wait', '--file-exists-behavior', 'OVERWRITE'));
    assert.equal(deploy.code, 1, deploy.stdout);
    deployments.v2 = /Created deployment (d-[A-Z0-9]{9})/.exec(deploy.stdout)![1]!;
    assert.match(deploy.stdout, /^ {2}web-1 {2}Failed {2}at AfterInstall$/m);
    assert.match(deploy.stdout, /✗ web-1 AfterInstall failed: ScriptMissing: scripts\/missing\.sh: Script does not exist/);
    assert.match(deploy.stdout, /^ {6}\| LifecycleEvent - AfterInstall$/m, 'the log tail is shown');
    assert.match(deploy.stdout, /error: HEALTH_CONSTRAINTS: /);
    assert.match(deploy.stdout, new RegExp(`full script logs: cutover logs ${deployments.v2}`));
    assert.equal(hasEscapeCodes(deploy.stdout), false);
  });

  it('shows a deployment\'s events in text and JSON', async () => {
    const text = await runCutover(server, ['status', deployments.v2!]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^Application: +web$/m);
    assert.match(text.stdout, /^TARGET +EVENT +STATUS +STARTED +ENDED$/m);
    assert.match(text.stdout, /^web-1 +AfterInstall +Failed /m);
    const json = JSON.parse((await runCutover(server, ['status', deployments.v2!, '--output', 'json'])).stdout);
    assert.equal(json.deploymentInfo.status, 'Failed');
    assert.equal(json.targets[0].lifecycleEvents.find((e: { lifecycleEventName: string }) => e.lifecycleEventName === 'AfterInstall').diagnostics.errorCode, 'ScriptMissing');
  });

  it('rolls back to the last revision that succeeded, then has nothing left to return to', async () => {
    const rollback = await runCutover(server, ['rollback', '--application-name', 'web', 'prod', '--wait', '--output', 'json']);
    assert.equal(rollback.code, 0, `${rollback.stdout}\n${rollback.stderr}`);
    const { deploymentInfo } = JSON.parse(rollback.stdout);
    assert.equal(deploymentInfo.status, 'Succeeded');
    assert.match(deploymentInfo.description, new RegExp(`revision of ${deployments.v1}`));
    assert.equal(readFileSync(join(work, 'www', 'index.html'), 'utf8'), 'v1\n');
    assert.ok(existsSync(join(hostDir, 'root')));

    const again = await runCutover(server, ['rollback', '--application-name', 'web', 'prod']);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /^cutover: nothing to roll back to: no earlier successful deployment of prod has a revision other than the current s3:\/\/cutover-bundles\/web\//);
  });
});
