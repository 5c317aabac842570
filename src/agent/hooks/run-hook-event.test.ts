import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DeploymentRootLayout } from '../layout.ts';
import type { HookRunnerOptions } from './hook-runner-options.ts';
import type { HookDeployment } from './hook-types.ts';
import { runHookEvent, type HookEventResult } from './run-hook-event.ts';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/scripts/', import.meta.url));
const GROUP = 'dg-hooks';
const isRoot = process.getuid?.() === 0;
let scratch: string;

before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'cutover-hooks-'));
  // Scripts run as `nobody` must be able to reach the archive.
  await chmod(scratch, 0o755);
});
after(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** One host: a deployment root and a working directory for the scripts. */
async function host() {
  const root = await mkdtemp(join(scratch, 'host-'));
  await chmod(root, 0o755);
  const cwd = join(root, 'cwd');
  await mkdir(cwd, { mode: 0o777 });
  await chmod(cwd, 0o777);
  return { layout: new DeploymentRootLayout({ root }), cwd };
}

/** Unpacks a revision holding every fixture script under scripts/ and the given appspec. */
async function revision(layout: DeploymentRootLayout, deploymentId: string, appspec: string): Promise<string> {
  const archive = layout.archiveDir(GROUP, deploymentId);
  await mkdir(join(archive, 'scripts'), { recursive: true, mode: 0o755 });
  for (const name of ['ok.sh', 'fail.sh', 'sleep.sh', 'ignores-term.sh', 'background-holds-stdout.sh', 'prints-env.sh', 'not-executable']) {
    await copyFile(join(FIXTURES, name), join(archive, 'scripts', name));
    await chmod(join(archive, 'scripts', name), (await stat(join(FIXTURES, name))).mode & 0o777);
  }
  await writeFile(join(archive, 'appspec.yml'), appspec);
  for (const dir of [layout.groupDir(GROUP), layout.deploymentDir(GROUP, deploymentId), archive]) await chmod(dir, 0o755);
  return archive;
}

function appspec(hooks: Record<string, { location: string; timeout?: number | string; runas?: string }[]>): string {
  const lines = ['version: 0.0', 'os: linux', 'hooks:'];
  for (const [event, scripts] of Object.entries(hooks)) {
    lines.push(`  ${event}:`);
    for (const s of scripts) {
      lines.push(`    - location: ${s.location}`);
      if (s.timeout !== undefined) lines.push(`      timeout: ${s.timeout}`);
      if (s.runas) lines.push(`      runas: ${s.runas}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function deployment(deploymentId: string, extra: Partial<HookDeployment> = {}): HookDeployment {
  return { deploymentId, applicationName: 'HookApp', deploymentGroupName: 'HookGroup', deploymentGroupId: GROUP, ...extra };
}

async function run(layout: DeploymentRootLayout, event: string, deploymentId: string, options: HookRunnerOptions & { deployment?: Partial<HookDeployment> } = {}): Promise<HookEventResult> {
  return runHookEvent({ layout, event, deployment: deployment(deploymentId, options.deployment), options: { killGraceMs: 2000, ...options } });
}

function stdoutLines(result: HookEventResult): string[] {
  return result.fullLog.split('\n').map((l) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \[stdout\](.*)$/.exec(l)?.[1]).filter((l) => l !== undefined);
}

function envOf(result: HookEventResult): Map<string, string> {
  return new Map(stdoutLines(result).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

/** True while `pid` runs; a zombie (killed, not yet reaped by its new parent) counts as dead. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function waitUntilDead(pid: number, deadlineMs = 5000): Promise<boolean> {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return !isAlive(pid);
}

describe('runHookEvent', () => {
  it('runs a script and logs its output to scripts.log, the window and the full log', async () => {
    const { layout, cwd } = await host();
    await revision(layout, 'd-OK', appspec({ AfterInstall: [{ location: 'scripts/ok.sh' }] }));
    const result = await run(layout, 'AfterInstall', 'd-OK', { cwd });
    assert.equal(result.status, 'Succeeded');
    assert.equal(result.noop, false);
    assert.deepEqual(result.diagnostics, { error_code: 0, script_name: '', message: 'Succeeded: ', log: '' });
    const logged = await readFile(layout.scriptLog(GROUP, 'd-OK'), 'utf8');
    assert.equal(logged, result.fullLog);
    const lines = logged.trimEnd().split('\n');
    for (const line of lines) assert.match(line, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d /);
    assert.deepEqual(lines.map((l) => l.slice(20)).sort(), [
      'LifecycleEvent - AfterInstall', 'Script - scripts/ok.sh', '[stderr]a note on stderr', '[stdout]ok from AfterInstall',
    ].sort());
    assert.equal(lines[0]!.slice(20), 'LifecycleEvent - AfterInstall');
  });

  it('stops at the first failing script and reports code 4 with the log window', async () => {
    const { layout, cwd } = await host();
    await revision(layout, 'd-FAIL', appspec({ ApplicationStart: [{ location: 'scripts/ok.sh' }, { location: 'scripts/fail.sh' }, { location: 'scripts/prints-env.sh' }] }));
    const result = await run(layout, 'ApplicationStart', 'd-FAIL', { cwd });
    assert.equal(result.status, 'Failed');
    const { error_code, script_name, message, log } = result.diagnostics;
    assert.deepEqual({ error_code, script_name, message }, {
      error_code: 4, script_name: 'scripts/fail.sh', message: 'Script at specified location: scripts/fail.sh failed with exit code 3',
    });
    assert.ok(log.startsWith('LifecycleEvent - ApplicationStart\nScript - scripts/ok.sh\n'), log);
    for (const entry of ['[stdout]ok from ApplicationStart\n', 'Script - scripts/fail.sh\n', '[stdout]about to fail\n', '[stderr]boom\n']) {
      assert.ok(log.includes(entry), entry);
    }
    assert.ok(!log.includes('prints-env'), 'the script after the failure did not run');
  });

  it('reports a missing script with code 1 and its absolute path', async () => {
    const { layout, cwd } = await host();
    const archive = await revision(layout, 'd-MISS', appspec({ BeforeInstall: [{ location: 'scripts/nope.sh' }] }));
    const result = await run(layout, 'BeforeInstall', 'd-MISS', { cwd });
    assert.deepEqual(result.diagnostics, {
      error_code: 1, script_name: 'scripts/nope.sh',
      message: `Script does not exist at specified location: ${join(archive, 'scripts/nope.sh')}`,
      log: 'LifecycleEvent - BeforeInstall\n',
    });
  });

  it('makes a non-executable script executable, warns, and runs it', async () => {
    const { layout, cwd } = await host();
    const archive = await revision(layout, 'd-CHMOD', appspec({ AfterInstall: [{ location: 'scripts/not-executable' }] }));
    const warnings: string[] = [];
    const result = await run(layout, 'AfterInstall', 'd-CHMOD', { cwd, onWarning: (w) => warnings.push(w) });
    assert.equal(result.status, 'Succeeded');
    assert.deepEqual(stdoutLines(result), ['made executable']);
    assert.equal((await stat(join(archive, 'scripts/not-executable'))).mode & 0o111, 0o111);
    assert.deepEqual(warnings, ['Script at specified location: scripts/not-executable is not executable.  Trying to make it executable.']);
  });

  it('times a script out with code 3 and terminates its whole process group', async () => {
    const { layout, cwd } = await host();
    await revision(layout, 'd-SLOW', appspec({ ValidateService: [{ location: 'scripts/sleep.sh', timeout: 1 }] }));
    const started = Date.now();
    const result = await run(layout, 'ValidateService', 'd-SLOW', { cwd });
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
    assert.deepEqual([result.diagnostics.error_code, result.diagnostics.message],
      [3, 'Script at specified location: scripts/sleep.sh failed to complete in 1 seconds']);
    const background = Number(await readFile(join(cwd, 'bg.pid'), 'utf8'));
    assert.ok(await waitUntilDead(background), 'the background child was terminated with the group');
  });

  it('sends SIGKILL after the grace period to a group that ignores SIGTERM', async () => {
    const { layout, cwd } = await host();
    await revision(layout, 'd-STUBBORN', appspec({ ValidateService: [{ location: 'scripts/ignores-term.sh', timeout: 1 }] }));
    const started = Date.now();
    const result = await run(layout, 'ValidateService', 'd-STUBBORN', { cwd, killGraceMs: 300 });
    assert.equal(result.diagnostics.error_code, 3);
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
    assert.ok(await waitUntilDead(Number(await readFile(join(cwd, 'leader.pid'), 'utf8'))));
  });

  it('finishes when the script exits even though a background process holds stdout', async (t) => {
    const { layout, cwd } = await host();
    await revision(layout, 'd-DAEMON', appspec({ ApplicationStart: [{ location: 'scripts/background-holds-stdout.sh', timeout: 20 }] }));
    const started = Date.now();
    const result = await run(layout, 'ApplicationStart', 'd-DAEMON', { cwd });
    const daemon = Number(await readFile(join(cwd, 'bg.pid'), 'utf8'));
    t.after(() => {
      if (isAlive(daemon)) process.kill(daemon, 'SIGKILL');
    });
    assert.equal(result.status, 'Succeeded');
    assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
    assert.deepEqual(stdoutLines(result), ['daemon started']);
    assert.ok(isAlive(daemon), 'the daemon keeps running');
  });

  it('gives scripts a clean environment with the deployment variables and no agent credentials', async () => {
    const { layout, cwd } = await host();
    await revision(layout, 'd-ENV', appspec({ AfterInstall: [{ location: 'scripts/prints-env.sh' }] }));
    const result = await run(layout, 'AfterInstall', 'd-ENV', {
      cwd,
      deployment: { revision: { revisionType: 'S3', bucket: 'apps', key: 'web.zip', bundleType: 'zip', version: 'v9', eTag: 'etag9' } },
      agentEnv: { HOME: '/root', LANG: 'C.UTF-8', AWS_ACCESS_KEY_ID: 'AKIAAGENT', AWS_SECRET_ACCESS_KEY: 'agent-secret', AWS_SECRET_KEY: 'agent-secret' },
      extraEnv: { APP_ENV: 'staging', AWS_SESSION_TOKEN: 'tok' },
      secrets: ['agent-secret'],
    });
    assert.equal(result.status, 'Succeeded', result.diagnostics.message);
    const env = envOf(result);
    const expected = {
      LIFECYCLE_EVENT: 'AfterInstall', DEPLOYMENT_ID: 'd-ENV', APPLICATION_NAME: 'HookApp', DEPLOYMENT_GROUP_NAME: 'HookGroup',
      DEPLOYMENT_GROUP_ID: GROUP, BUNDLE_BUCKET: 'apps', BUNDLE_KEY: 'web.zip', BUNDLE_VERSION: 'v9', BUNDLE_ETAG: 'etag9',
      APP_ENV: 'staging', LANG: 'C.UTF-8', HOME: '/root', CUTOVER_PWD: cwd,
    };
    for (const [name, value] of Object.entries(expected)) assert.equal(env.get(name), value, name);
    assert.equal(env.get('PATH'), '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
    for (const name of env.keys()) assert.doesNotMatch(name, /^AWS_/);
    assert.ok(!result.fullLog.includes('agent-secret') && !result.fullLog.includes('AKIAAGENT'));
  });

  it('runs a script as the runas user with that user\'s identity', { skip: !isRoot && 'needs root' }, async () => {
    const { layout, cwd } = await host();
    await revision(layout, 'd-RUNAS', appspec({ AfterInstall: [{ location: 'scripts/prints-env.sh', runas: 'nobody' }], ApplicationStart: [{ location: 'scripts/fail.sh', runas: 'nobody' }] }));
    const result = await run(layout, 'AfterInstall', 'd-RUNAS', { cwd, agentEnv: { HOME: '/root' } });
    assert.equal(result.status, 'Succeeded', result.diagnostics.message + result.fullLog);
    const env = envOf(result);
    assert.equal(env.get('CUTOVER_UID'), '65534');
    assert.equal(env.get('USER'), 'nobody');
    assert.notEqual(env.get('HOME'), '/root');
    const failed = await run(layout, 'ApplicationStart', 'd-RUNAS', { cwd });
    assert.equal(failed.diagnostics.message, 'Script at specified location: scripts/fail.sh run as user nobody failed with exit code 3');
  });

  it('fails with code 4 naming an unknown runas user', async () => {
    const { layout, cwd } = await host();
    await revision(layout, 'd-NOUSER', appspec({ AfterInstall: [{ location: 'scripts/ok.sh', runas: 'no-such-user-cutover' }] }));
    const result = await run(layout, 'AfterInstall', 'd-NOUSER', { cwd });
    assert.deepEqual([result.diagnostics.error_code, result.diagnostics.message], [4,
      'Script at specified location: scripts/ok.sh run as user no-such-user-cutover failed with error UnknownUserError with message user no-such-user-cutover does not exist']);
  });

  it('reports a script that cannot be started with code 4', async () => {
    const { layout, cwd } = await host();
    await revision(layout, 'd-DIR', appspec({ AfterInstall: [{ location: 'scripts' }] }));
    const result = await run(layout, 'AfterInstall', 'd-DIR', { cwd });
    assert.equal(result.diagnostics.error_code, 4);
    assert.match(result.diagnostics.message, /^Script at specified location: scripts failed with error EACCES with message /);
  });

  it('is a no-op, without a script log, when the appspec has no scripts for the event', async () => {
    const { layout, cwd } = await host();
    await revision(layout, 'd-NONE', appspec({ AfterInstall: [{ location: 'scripts/ok.sh' }] }));
    const result = await run(layout, 'BeforeInstall', 'd-NONE', { cwd });
    assert.deepEqual([result.status, result.noop, result.diagnostics.error_code], ['Succeeded', true, 0]);
    assert.equal(existsSync(layout.scriptLog(GROUP, 'd-NONE')), false);
  });

  it('fails with code 5 and the official message when the appspec is missing or invalid', async () => {
    const { layout, cwd } = await host();
    const archive = await revision(layout, 'd-BAD', appspec({ AfterInstall: [{ location: 'scripts/ok.sh', timeout: 0 }] }));
    const invalid = await run(layout, 'AfterInstall', 'd-BAD', { cwd });
    assert.equal(invalid.diagnostics.error_code, 5);
    assert.match(invalid.diagnostics.message, /^The deployment failed because an invalid timeout value was provided for a script/);
    await rm(join(archive, 'appspec.yml'));
    await writeFile(join(archive, 'appspec.yaml'), appspec({}));
    const missing = await run(layout, 'AfterInstall', 'd-BAD', { cwd });
    assert.equal(missing.diagnostics.error_code, 5);
    assert.ok(missing.diagnostics.message.startsWith(
      `The CodeDeploy agent did not find an AppSpec file within the unpacked revision directory at revision-relative path "appspec.yml". The revision was unpacked to directory "${archive}"`,
    ), missing.diagnostics.message);
  });

  it('skips ApplicationStop on the first deployment of a group', async () => {
    const { layout, cwd } = await host();
    const result = await run(layout, 'ApplicationStop', 'd-FIRST', { cwd });
    assert.deepEqual([result.status, result.noop], ['Succeeded', true]);
  });

  it('runs ApplicationStop from the last successful install, logging there, until the new revision is unpacked', async () => {
    const { layout, cwd } = await host();
    await revision(layout, 'd-OLD', appspec({ ApplicationStop: [{ location: 'scripts/prints-env.sh' }] }));
    await mkdir(layout.instructionsDir(), { recursive: true });
    await writeFile(layout.lastSuccessfulInstallFile(GROUP), layout.deploymentDir(GROUP, 'd-OLD'));
    const before = await run(layout, 'ApplicationStop', 'd-NEW', { cwd });
    assert.equal(before.status, 'Succeeded', before.diagnostics.message);
    assert.equal(before.deploymentDir, layout.deploymentDir(GROUP, 'd-OLD'));
    assert.equal(envOf(before).get('DEPLOYMENT_ID'), 'd-NEW');
    assert.match(await readFile(layout.scriptLog(GROUP, 'd-OLD'), 'utf8'), /LifecycleEvent - ApplicationStop/);
    await revision(layout, 'd-NEW', appspec({}));
    const afterUnpack = await run(layout, 'ApplicationStop', 'd-NEW', { cwd });
    assert.deepEqual([afterUnpack.noop, afterUnpack.deploymentDir], [true, layout.deploymentDir(GROUP, 'd-NEW')]);
  });

  it('runs the block-traffic hooks of a blue/green rollback from the most recent download', async () => {
    const { layout, cwd } = await host();
    await revision(layout, 'd-GREEN', appspec({ BeforeBlockTraffic: [{ location: 'scripts/ok.sh' }] }));
    await mkdir(layout.instructionsDir(), { recursive: true });
    await writeFile(layout.mostRecentInstallFile(GROUP), layout.deploymentDir(GROUP, 'd-GREEN'));
    const result = await run(layout, 'BeforeBlockTraffic', 'd-ROLLBACK', {
      cwd, deployment: { deploymentCreator: 'codeDeployRollback', deploymentType: 'BLUE_GREEN' },
    });
    assert.equal(result.deploymentDir, layout.deploymentDir(GROUP, 'd-GREEN'));
    assert.deepEqual(stdoutLines(result), ['ok from BeforeBlockTraffic']);
  });

  it('takes parsed hooks from a caller-supplied loader', async () => {
    const { layout, cwd } = await host();
    const archive = await revision(layout, 'd-LOADER', 'not: an appspec');
    let loadedFrom = '';
    const result = await runHookEvent({
      layout, event: 'AfterInstall', deployment: deployment('d-LOADER'), options: { cwd },
      loadHooks: async (dir) => {
        loadedFrom = dir;
        return new Map([['AfterInstall', [{ location: 'scripts/ok.sh', timeoutSeconds: 5 }]]]);
      },
    });
    assert.equal(loadedFrom, archive);
    assert.equal(result.status, 'Succeeded');
  });
});
