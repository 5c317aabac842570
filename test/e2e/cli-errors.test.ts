import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  AddTagsToOnPremisesInstancesCommand, CreateApplicationCommand, GetApplicationRevisionCommand, CreateDeploymentCommand, CreateDeploymentGroupCommand, RegisterOnPremisesInstanceCommand,
} from '@aws-sdk/client-codedeploy';
import { PEOPLE_COMMANDS } from '../../src/cli/commands/index.ts';
import { SYSTEM_CLOCK } from '../../src/core/clock.ts';
import { loadSecretKey } from '../../src/bin/data-dir.ts';
import { openDatabase } from '../../src/store/db.ts';
import { SecretBox } from '../../src/store/secret-box.ts';
import { createStore } from '../../src/store/store.ts';
import { hasEscapeCodes, runCutover, writeBundleDir } from '../support/cutover-cli.ts';
import { startS3 } from '../support/s3.ts';
import { codeDeployClient } from '../support/sdk.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';

// The people commands against a real server with no agents: help texts, the failure paths every
// command shares (no server, unknown key, wrong secret, a role too weak), and the answers that
// need no host (a deployment that does not exist, nothing to roll back to, stopping).

let server: ServerProcess;
let work: string;
const COMMANDS = ['push', 'deploy', 'status', 'logs', 'stop', 'rollback', 'register'];
const CALLS: Record<string, string[]> = {
  deploy: ['deploy', '--application-name', 'web', '--deployment-group-name', 'prod', '--s3-location', 's3://b/k.zip'],
  status: ['status'],
  stop: ['stop', 'd-AAAAAAAAA'],
  rollback: ['rollback', '--application-name', 'web', 'prod'],
  register: ['register', 'web-9', '--output-dir', 'PLACEHOLDER'],
};

async function createKey(role: 'deployer' | 'readonly'): Promise<Record<string, string>> {
  const { db, dialect } = await openDatabase({ dataDir: server.dataDir, databaseUrl: server.databaseUrl });
  try {
    const store = createStore({ db, dialect, clock: SYSTEM_CLOCK, secretBox: new SecretBox({ key: loadSecretKey(server.dataDir) }) });
    const key = await store.accessKeys.create({ role });
    return { AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_ACCESS_KEY_ID: key.accessKeyId, AWS_SECRET_ACCESS_KEY: key.secretAccessKey };
  } finally {
    await db.destroy();
  }
}

function call(name: string): string[] {
  return CALLS[name]!.map((a) => (a === 'PLACEHOLDER' ? join(work, `out-${Math.random()}`) : a));
}

describe('cutover people commands without agents', () => {
  before(async () => {
    server = await startServerProcess();
    work = mkdtempSync(join(tmpdir(), 'cutover-cli-errors-'));
    const client = codeDeployClient(server.url, server.credentials);
    await client.send(new CreateApplicationCommand({ applicationName: 'web' }));
    await client.send(new CreateDeploymentGroupCommand({
      applicationName: 'web', deploymentGroupName: 'prod', serviceRoleArn: 'arn:aws:iam::123456789012:role/x',
      onPremisesInstanceTagFilters: [{ Key: 'fleet', Value: 'nobody', Type: 'KEY_AND_VALUE' }],
    }));
  });
  after(async () => {
    await server?.destroy();
    rmSync(work, { recursive: true, force: true });
  });

  it('gives every command a help text with examples, the output option and the connection options', async () => {
    // In process: the help text is commander's, and a process per command costs seconds here.
    const commands = await Promise.all(COMMANDS.map((name) => PEOPLE_COMMANDS[name]!()));
    assert.deepEqual(commands.map((c) => c.name()), COMMANDS);
    for (const command of commands) {
      let help = '';
      command.configureOutput({ writeOut: (text) => (help += text) });
      command.outputHelp();
      assert.match(help, /Examples:\n {2}cutover /, `${command.name()} --help shows examples`);
      assert.match(help, /--endpoint-url <url>/);
      assert.match(help, /--output <format>/);
    }
    const viaBinary = await runCutover(server, ['deploy', '--help']);
    assert.equal(viaBinary.code, 0);
    assert.match(viaBinary.stdout, /^Usage: cutover deploy \[options\]/);
  });

  it('says the server cannot be reached, for every command, and exits 1', async () => {
    const unreachable = { url: 'http://127.0.0.1:1', credentialsFile: server.credentialsFile };
    const names = ['deploy', 'status', 'register'];
    const results = await Promise.all(names.map((name) => runCutover(unreachable, call(name))));
    results.forEach((r, i) => {
      assert.equal(r.code, 1, `${names[i]}: ${r.stdout}`);
      assert.match(r.stderr, /^cutover: cannot reach the Cutover server .*check --endpoint-url\n$/, `${names[i]}: ${r.stderr}`);
    });
  });

  it('names an unknown access key and a wrong secret, with what to check', async () => {
    const unknown = await runCutover(server, ['status'], { AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_ACCESS_KEY_ID: 'CKIAUNKNOWN000000000', AWS_SECRET_ACCESS_KEY: 'nope' });
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /^cutover: UnrecognizedClientException: .*check AWS_PROFILE/);
    const wrongSecret = await runCutover(server, ['status', 'd-AAAAAAAAA'], {
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_ACCESS_KEY_ID: server.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: 'not-the-secret',
    });
    assert.equal(wrongSecret.code, 1);
    assert.match(wrongSecret.stderr, /^cutover: InvalidSignatureException: .*secret key does not match/);
  });

  it('refuses register to a key that is not admin, before anything is registered', async () => {
    const deployer = await createKey('deployer');
    const result = await runCutover(server, ['register', 'web-7', '--output-dir', join(work, 'web-7')], deployer);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^cutover: AccessDeniedException: /);
  });

  it('reports a deployment that does not exist, for status and stop', async () => {
    for (const args of [['status', 'd-AAAAAAAAA'], ['stop', 'd-AAAAAAAAA'], ['status', 'd-AAAAAAAAA', '--output', 'json']]) {
      const result = await runCutover(server, args);
      assert.equal(result.code, 1, args.join(' '));
      assert.match(result.stderr, /^cutover: DeploymentDoesNotExistException: The deployment d-AAAAAAAAA could not be found\.\n$/);
      assert.equal(result.stdout, '');
    }
  });

  it('fails rollback clearly when the group has nothing to return to', async () => {
    const none = await runCutover(server, ['rollback', '--application-name', 'web', 'prod']);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /^cutover: nothing to roll back to: deployment group prod has no deployments yet\n$/);
    const noGroup = await runCutover(server, ['rollback', '--application-name', 'web', 'staging']);
    assert.equal(noGroup.code, 1);
    assert.match(noGroup.stderr, /^cutover: DeploymentGroupDoesNotExistException: /);
  });

  it('refuses to push a directory without an appspec at its root, and a deploy with no revision', async () => {
    const dir = writeBundleDir(join(work, 'no-appspec'), { 'sub/appspec.yml': 'version: 0.0\nos: linux\n' });
    const push = await runCutover(server, ['push', '--application-name', 'web', '--source', dir]);
    assert.equal(push.code, 1);
    assert.match(push.stderr, /has no appspec.yml at its root/);
    const deploy = await runCutover(server, ['deploy', '--application-name', 'web', '--deployment-group-name', 'prod']);
    assert.equal(deploy.code, 1);
    assert.match(deploy.stderr, /say what to deploy/);
    const noRevision = await runCutover(server, ['deploy', '--application-name', 'web', '--deployment-group-name', 'prod', '--revision-from-last-push']);
    assert.match(noRevision.stderr, /has no registered revision yet; run cutover push first/);
  });

  it('stops a deployment, with a rollback when asked, and lists it in plain text and JSON', async () => {
    const client = codeDeployClient(server.url, server.credentials);
    // A host with no agent: the deployment waits for it, so it is still running when stopped.
    await client.send(new RegisterOnPremisesInstanceCommand({ instanceName: 'idle-1', iamUserArn: 'arn:aws:iam::123456789012:user/idle-1' }));
    await client.send(new AddTagsToOnPremisesInstancesCommand({ instanceNames: ['idle-1'], tags: [{ Key: 'fleet', Value: 'nobody' }] }));
    const { deploymentId } = await client.send(new CreateDeploymentCommand({
      applicationName: 'web', deploymentGroupName: 'prod', revision: { revisionType: 'S3', s3Location: { bucket: 'b', key: 'web.zip', bundleType: 'zip' } },
    }));
    const stop = await runCutover(server, ['stop', deploymentId!, '--rollback', '--output', 'json']);
    assert.equal(stop.code, 0, stop.stderr);
    assert.ok(['Pending', 'Succeeded'].includes(JSON.parse(stop.stdout).status));

    const list = await runCutover(server, ['status']);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /^DEPLOYMENT +STATUS +APPLICATION +GROUP +CREATED +REVISION +CREATOR\n/);
    assert.match(list.stdout, new RegExp(`${deploymentId} +\\w+ +web +prod +\\S+ +s3://b/web\\.zip +user`));
    assert.equal(hasEscapeCodes(list.stdout), false);
    const coloured = await runCutover(server, ['status'], { FORCE_COLOR: '1' });
    assert.equal(hasEscapeCodes(coloured.stdout), true, 'FORCE_COLOR gives colour even in a pipe');
    const json = JSON.parse((await runCutover(server, ['status', '--output', 'json'])).stdout);
    assert.equal(json.deploymentsInfo[0].deploymentId, deploymentId);
    const one = JSON.parse((await runCutover(server, ['status', deploymentId!, '--output', 'json'])).stdout);
    assert.equal(one.deploymentInfo.deploymentId, deploymentId);
    assert.deepEqual(one.targets.map((t: { targetId: string }) => t.targetId), ['idle-1']);
  });

  it('pushes to an external S3-compatible store given by --s3-endpoint-url, and registers what it uploaded', async (t) => {
    const s3 = await startS3();
    t.after(() => s3.close());
    await s3.createBucket('releases');
    const dir = writeBundleDir(join(work, 'external'), { 'appspec.yml': 'version: 0.0\nos: linux\n', 'index.html': 'hello\n' });
    // push signs S3 requests with the server's key; moto accepts any key, the double only its own.
    if (s3.kind === 'double') return t.skip('moto_server is not installed');
    const push = await runCutover(server, ['push', '--application-name', 'web', '--source', dir, '--s3-location', 's3://releases/web/v1.zip',
      '--s3-endpoint-url', s3.endpoint, '--output', 'json']);
    assert.equal(push.code, 0, push.stderr);
    const { revision } = JSON.parse(push.stdout);
    assert.deepEqual({ ...revision.s3Location, eTag: undefined }, { bucket: 'releases', key: 'web/v1.zip', bundleType: 'zip', eTag: undefined });
    assert.match(revision.s3Location.eTag, /^[0-9a-f]{32}$/);
    const client = codeDeployClient(server.url, server.credentials);
    const registered = await client.send(new GetApplicationRevisionCommand({ applicationName: 'web', revision }));
    assert.equal(registered.revision?.s3Location?.eTag, revision.s3Location.eTag);
  });
});
