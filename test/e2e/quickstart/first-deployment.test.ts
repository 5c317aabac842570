import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../../support/s3.ts';

// The README's quick start, as a newcomer types it: `cutover up` (what `npm start` runs), then
// push and deploy the sample application, then a broken release that rolls back.

const REPO = resolve(import.meta.dirname, '..', '..', '..');
const CUTOVER = join(REPO, 'bin', 'cutover');

let up: ChildProcess;
let dataDir: string;
let endpoint: string;
let samplePort: number;
let upOutput = '';

function cutover(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(CUTOVER, args, {
      cwd: REPO,
      env: { ...process.env, CUTOVER_DATA_DIR: dataDir, CUTOVER_ENDPOINT: endpoint, AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_CONFIG_FILE: '/dev/null', AWS_PROFILE: '', AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' },
    }, (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }));
  });
}

async function page(): Promise<string> {
  return (await fetch(`http://127.0.0.1:${samplePort}/`)).text();
}

async function waitForOutput(pattern: RegExp, ms: number): Promise<RegExpMatchArray> {
  const deadline = Date.now() + ms;
  for (;;) {
    const match = upOutput.match(pattern);
    if (match) return match;
    if (Date.now() > deadline || up.exitCode !== null) throw new Error(`cutover up did not print ${pattern}:\n${upOutput}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the quick start: cutover up, the sample application, and a broken release that rolls back', () => {
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cutover-up-'));
    samplePort = await freePort();
    up = spawn(CUTOVER, ['up', '--port', '0', '--data-dir', dataDir, '--sample-port', String(samplePort)], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    up.stdout!.on('data', (chunk) => (upOutput += chunk));
    up.stderr!.on('data', (chunk) => (upOutput += chunk));
    endpoint = (await waitForOutput(/listening on (http:\/\/\S+)/, 30_000))[1]!;
    await waitForOutput(/Press Ctrl-C to stop/, 30_000);
  });
  after(async () => {
    const pidFile = join(dataDir, 'local-host', 'run', 'http.pid');
    if (existsSync(pidFile)) {
      try { process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGKILL'); } catch { /* already gone */ }
    }
    if (up.exitCode === null) {
      up.kill('SIGTERM');
      await new Promise((r) => up.once('exit', r));
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints the commands to run next, for the sample application it created', () => {
    assert.match(upOutput, /Local agent running as on-premises instance local-1/);
    assert.match(upOutput, /cutover push --application-name SampleApp --source examples\/sample-app/);
  });

  it('deploys the sample application with push and deploy --wait, and the page is served', async () => {
    const push = await cutover(['push', '--application-name', 'SampleApp', '--source', 'examples/sample-app']);
    assert.equal(push.code, 0, push.stderr);
    const deploy = await cutover(['deploy', '--application-name', 'SampleApp', '--deployment-group-name', 'local', '--revision-from-last-push', '--wait']);
    assert.equal(deploy.code, 0, `${deploy.stdout}\n${deploy.stderr}\n${upOutput}`);
    assert.match(deploy.stdout, /succeeded/);
    assert.match(await page(), /Release: v1/);
  });

  it('fails a release without its health page in ValidateService, rolls back, and serves v1 again', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'sample-app-broken-'));
    cpSync(join(REPO, 'examples', 'sample-app'), broken, { recursive: true });
    writeFileSync(join(broken, 'src', 'index.html'), readFileSync(join(broken, 'src', 'index.html'), 'utf8').replace('Release: v1', 'Release: v2'));
    rmSync(join(broken, 'src', 'health.html'));
    assert.equal((await cutover(['push', '--application-name', 'SampleApp', '--source', broken])).code, 0);
    const deploy = await cutover(['deploy', '--application-name', 'SampleApp', '--deployment-group-name', 'local', '--revision-from-last-push', '--wait']);
    assert.equal(deploy.code, 1);
    assert.match(deploy.stdout + deploy.stderr, /ValidateService/);
    const rollbackId = (deploy.stdout + deploy.stderr).match(/rollback deployment: (d-[A-Z0-9]{9})/)?.[1];
    assert.ok(rollbackId, `no rollback deployment in:\n${deploy.stdout}${deploy.stderr}`);
    const deadline = Date.now() + 60_000;
    let status = await cutover(['status', rollbackId, '--output', 'json']);
    // The deployment's own status: the targets' lifecycle events in the same JSON succeed earlier.
    const succeeded = () => /^\{/.test(status.stdout) && JSON.parse(status.stdout).deploymentInfo?.status === 'Succeeded';
    while (!succeeded() && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      status = await cutover(['status', rollbackId, '--output', 'json']);
    }
    assert.ok(succeeded(), status.stdout + status.stderr);
    assert.match(await page(), /Release: v1/);
    rmSync(broken, { recursive: true, force: true });
  });
});
