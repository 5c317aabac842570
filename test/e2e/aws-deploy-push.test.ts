import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GetDeploymentCommand } from '@aws-sdk/client-codedeploy';
import { registerAgentHost, startAgentProcess, type AgentHost, type AgentProcess } from '../support/agent-process.ts';
import { runAws, type AwsCliResult } from '../support/aws-cli.ts';
import { DIALECTS } from '../support/dialects.ts';
import { codeDeployClient } from '../support/sdk.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';

// The sequence with the AWS tools, unchanged, against one real `cutover server` and one
// real `cutover agent` whose config names no S3 endpoint: `aws deploy push` zips and uploads to
// the server's embedded bundle store (AWS_ENDPOINT_URL_S3) and registers the revision;
// `aws deploy create-deployment` with the printed location; `aws deploy wait
// deployment-successful`; the file is on the host. Then the revision bookkeeping the AWS tools
// show: deploymentGroups, firstUsedTime, lastUsedTime, registerTime, and the list filters.

const APP = 'pushed-app';
const GROUP = 'pushed-group';
const BUCKET = 'cutover-bundles';
// One server process per file: PostgreSQL when the run has it, as the fleet files prefer.
const DIALECT = DIALECTS.includes('postgres') ? 'postgres' : 'sqlite';

let server: ServerProcess;
let host: AgentHost;
let agent: AgentProcess;
let work: string;

async function aws(args: string[]): Promise<AwsCliResult> {
  return runAws([...args, '--endpoint-url', server.url, '--output', 'json', '--region', 'us-east-1'], server.credentialsFile);
}

async function ok(args: string[]): Promise<any> {
  const r = await aws(args);
  assert.equal(r.code, 0, `aws ${args.join(' ')} failed (${r.code}):\n${r.stderr}\n${r.stdout}\nagent:\n${agent?.output().slice(-3000)}`);
  return r.json ?? {};
}

/** A source folder with an appspec that installs `version.txt` into the host's `app/` folder. */
function sourceDir(name: string, version: string): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'appspec.yml'), `version: 0.0\nos: linux\nfiles:\n  - source: version.txt\n    destination: ${join(host.dir, 'app')}\n`);
  writeFileSync(join(dir, 'version.txt'), version);
  return dir;
}

function revisionOf(location: string): { bucket: string; key: string; bundleType: string; eTag: string } {
  return Object.fromEntries(location.split(',').map((pair) => pair.split('=', 2) as [string, string])) as never;
}

describe('aws deploy push, create-deployment and wait against Cutover, with a real agent', () => {
  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'cutover-push-'));
    server = await startServerProcess({ dialect: DIALECT, env: { CUTOVER_POLL_WAIT: '2' } });
    process.env.AWS_ENDPOINT_URL_S3 = server.url;
    host = await registerAgentHost(server, { instanceName: 'push-host-1', tags: [{ Key: 'app', Value: APP }] });
    agent = startAgentProcess(host, { cwd: host.dir });
    await Promise.all([ok(['deploy', 'create-application', '--application-name', APP]), ok(['s3api', 'create-bucket', '--bucket', BUCKET])]);
    await ok(['deploy', 'create-deployment-group', '--application-name', APP, '--deployment-group-name', GROUP,
      '--service-role-arn', 'arn:aws:iam::123456789012:role/cutover', '--on-premises-instance-tag-filters', `Key=app,Value=${APP},Type=KEY_AND_VALUE`]);
    await agent.waitForOutput(/cutover agent starting/, 90_000);
  });
  after(async () => {
    await agent?.stop('SIGKILL');
    host?.remove();
    await server?.destroy();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('pushes a folder to the embedded store, deploys the printed location and waits for success; the file is on the host', async () => {
    const pushed = await aws(['deploy', 'push', '--application-name', APP, '--s3-location', `s3://${BUCKET}/app/v1.zip`, '--source', sourceDir('v1', 'v1')]);
    assert.equal(pushed.code, 0, pushed.stderr);
    const location = /--s3-location (\S+)/.exec(pushed.stdout)?.[1];
    assert.ok(location, `push printed no --s3-location:\n${pushed.stdout}`);
    const s3 = revisionOf(location);
    assert.deepEqual([s3.bucket, s3.key, s3.bundleType], [BUCKET, 'app/v1.zip', 'zip']);
    const head = await ok(['s3api', 'head-object', '--bucket', BUCKET, '--key', 'app/v1.zip']);
    assert.equal(head.ETag.replace(/"/g, ''), s3.eTag, 'the registered eTag is the stored object\'s');

    const { deploymentId } = await ok(['deploy', 'create-deployment', '--application-name', APP, '--deployment-group-name', GROUP, '--s3-location', location]);
    await ok(['deploy', 'wait', 'deployment-successful', '--deployment-id', deploymentId]);
    assert.equal(readFileSync(join(host.dir, 'app', 'version.txt'), 'utf8'), 'v1');
    const info = (await ok(['deploy', 'get-deployment', '--deployment-id', deploymentId])).deploymentInfo;
    assert.equal(info.status, 'Succeeded');
    assert.deepEqual(info.revision, { revisionType: 'S3', s3Location: { bucket: BUCKET, key: 'app/v1.zip', bundleType: 'zip', eTag: s3.eTag } });
  });

  it('keeps the revision bookkeeping: registration, groups and first and last use, and the list filters and order', async () => {
    const v1 = { bucket: BUCKET, key: 'app/v1.zip', bundleType: 'zip' };
    const listed = await ok(['deploy', 'list-application-revisions', '--application-name', APP]);
    const v1Location = listed.revisions.find((r: any) => r.s3Location.key === 'app/v1.zip').s3Location;
    const firstUse = await ok(['deploy', 'get-application-revision', '--application-name', APP, '--s3-location', locationArg(v1Location)]);
    assert.deepEqual(firstUse.revisionInfo.deploymentGroups, [GROUP]);
    const { registerTime, firstUsedTime, lastUsedTime } = firstUse.revisionInfo;
    assert.ok(registerTime <= firstUsedTime && firstUsedTime <= lastUsedTime, JSON.stringify(firstUse.revisionInfo));
    assert.equal(firstUse.applicationName, APP);

    // v2: uploaded and registered by hand (register-application-revision), not yet deployed.
    const v2Push = await aws(['deploy', 'push', '--application-name', APP, '--s3-location', `s3://${BUCKET}/app/v2.zip`, '--source', sourceDir('v2', 'v2'), '--description', 'second']);
    assert.equal(v2Push.code, 0, v2Push.stderr);
    const v2Location = /--s3-location (\S+)/.exec(v2Push.stdout)![1]!;
    await ok(['deploy', 'register-application-revision', '--application-name', APP, '--s3-location', v2Location, '--description', 'registered again']);
    const v2 = await ok(['deploy', 'get-application-revision', '--application-name', APP, '--s3-location', v2Location]);
    assert.deepEqual(v2.revisionInfo.deploymentGroups, []);
    assert.equal(v2.revisionInfo.description, 'registered again');
    assert.equal(v2.revisionInfo.firstUsedTime, undefined);
    assert.equal(v2.revisionInfo.lastUsedTime, undefined);
    assert.ok(v2.revisionInfo.registerTime >= registerTime);

    const keys = (r: any) => r.revisions.map((x: any) => x.s3Location.key);
    const list = (...args: string[]) => ok(['deploy', 'list-application-revisions', '--application-name', APP, ...args]).then(keys);
    const [included, excluded, newestFirst, byPrefix] = await Promise.all([
      list('--deployed', 'include'), list('--deployed', 'exclude'), list('--sort-by', 'registerTime', '--sort-order', 'descending'),
      list('--s3-bucket', BUCKET, '--s3-key-prefix', 'app/v2'),
    ]);
    assert.deepEqual(included, ['app/v1.zip']);
    assert.deepEqual(excluded, ['app/v2.zip']);
    assert.deepEqual(newestFirst, ['app/v2.zip', 'app/v1.zip']);
    assert.deepEqual(byPrefix, ['app/v2.zip']);

    // Deploying v1 again moves only its last use. (Polled through the SDK: the waiter's 15 s
    // delay was exercised by the first test.)
    const { deploymentId } = await ok(['deploy', 'create-deployment', '--application-name', APP, '--deployment-group-name', GROUP, '--s3-location', locationArg(v1Location)]);
    await waitForSuccess(deploymentId);
    const [again, lastUsedFirst, batch] = await Promise.all([
      ok(['deploy', 'get-application-revision', '--application-name', APP, '--s3-location', locationArg(v1Location)]).then((r) => r.revisionInfo),
      list('--sort-by', 'lastUsedTime', '--sort-order', 'descending', '--deployed', 'include'),
      ok(['deploy', 'batch-get-application-revisions', '--application-name', APP, '--revisions',
        JSON.stringify([{ revisionType: 'S3', s3Location: v1Location }, { revisionType: 'S3', s3Location: { ...v1, key: 'app/none.zip' } }])]),
    ]);
    assert.equal(again.firstUsedTime, firstUsedTime);
    assert.ok(again.lastUsedTime > lastUsedTime, `${again.lastUsedTime} > ${lastUsedTime}`);
    assert.deepEqual(again.deploymentGroups, [GROUP]);
    assert.deepEqual(lastUsedFirst, ['app/v1.zip']);
    assert.equal(batch.revisions.length, 1);
    assert.deepEqual(batch.revisions[0].genericRevisionInfo.deploymentGroups, [GROUP]);
  });
});

async function waitForSuccess(deploymentId: string): Promise<void> {
  const client = codeDeployClient(server.url, server.credentials);
  const deadline = Date.now() + 120_000;
  for (;;) {
    const info = (await client.send(new GetDeploymentCommand({ deploymentId }))).deploymentInfo!;
    if (info.status === 'Succeeded') return;
    assert.ok(!['Failed', 'Stopped'].includes(info.status!), `deployment ${info.status}: ${JSON.stringify(info.errorInformation)}\n${agent.output().slice(-3000)}`);
    assert.ok(Date.now() < deadline, `deployment still ${info.status}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function locationArg(s3: Record<string, string>): string {
  return Object.entries(s3).map(([k, v]) => `${k}=${v}`).join(',');
}
