import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_BUNDLE_LIMITS } from './bundle/index.ts';
import { CommandExecutor } from './command-executor.ts';
import { SILENT_AGENT_LOG } from './command-log.ts';
import { DeploymentRootLayout } from './layout.ts';
import type { DeploymentSpecification } from './specification.ts';

let scratch: string;
before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'cutover-executor-'));
});
after(() => rm(scratch, { recursive: true, force: true }));

/** A host with its own deployment root, and a revision directory on disk to deploy from. */
async function host(files: Record<string, string>) {
  const dir = await mkdtemp(join(scratch, 'host-'));
  const revisionDir = join(dir, 'revision');
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(revisionDir, path, '..'), { recursive: true });
    await writeFile(join(revisionDir, path), content, { mode: path.endsWith('.sh') ? 0o755 : 0o644 });
  }
  const layout = new DeploymentRootLayout({ root: join(dir, 'root') });
  const executor = new CommandExecutor({
    layout, maxRevisions: 5, bundleLimits: DEFAULT_BUNDLE_LIMITS, log: SILENT_AGENT_LOG,
    s3: () => ({ region: 'us-east-1' }), hookOptions: () => ({ secrets: ['agent-secret'] }),
  });
  const spec = (deploymentId: string): DeploymentSpecification => ({
    deploymentId, deploymentGroupId: 'dg-exec', deploymentGroupName: 'exec', applicationName: 'app',
    deploymentCreator: 'user', deploymentType: 'IN_PLACE', appSpecFilename: 'appspec.yml', fileExistsBehavior: 'DISALLOW',
    revision: { revisionType: 'Local Directory', location: revisionDir, bundleType: 'directory' },
  });
  return { dir, layout, executor, spec };
}

const APPSPEC = (destination: string) => `version: 0.0
os: linux
files:
  - source: app
    destination: ${destination}
hooks:
  ApplicationStop:
    - location: scripts/hello.sh
  AfterInstall:
    - location: scripts/hello.sh
      timeout: 30
    - location: scripts/hello.sh
      timeout: 45
`;

describe('the command executor', () => {
  it('runs DownloadBundle, Install and a hook from a local revision, and plans what to acknowledge', async () => {
    const h = await host({ 'appspec.yml': APPSPEC(join(scratch, 'installed-1')), 'app/index.html': 'v1', 'scripts/hello.sh': '#!/bin/sh\necho "hello $LIFECYCLE_EVENT"\n' });
    const spec = h.spec('d-EXEC00001');
    assert.deepEqual(await h.executor.plan('ApplicationStop', spec), { noop: true }, 'no earlier revision on the first deployment');
    assert.deepEqual(await h.executor.plan('DownloadBundle', spec), { noop: false });
    const download = await h.executor.execute('DownloadBundle', spec);
    assert.equal(download.status, 'Succeeded');
    assert.match(download.fullLog, /DownloadBundle: fetching Local Directory /);
    assert.equal((await h.executor.execute('Install', spec)).status, 'Succeeded');
    assert.equal(readFileSync(join(scratch, 'installed-1', 'index.html'), 'utf8'), 'v1');
    assert.deepEqual(await h.executor.plan('AfterInstall', spec), { noop: false, timeoutSeconds: 75 });
    assert.deepEqual(await h.executor.plan('ValidateService', spec), { noop: true }, 'no scripts for the event');
    const hook = await h.executor.execute('AfterInstall', spec);
    assert.deepEqual(hook.diagnostics, { error_code: 0, script_name: '', message: 'Succeeded: ', log: '' });
    assert.match(hook.fullLog, /\[stdout\]hello AfterInstall/);
    assert.ok(existsSync(h.layout.scriptLog('dg-exec', 'd-EXEC00001')));
  });

  it('fails BlockTraffic and AllowTraffic with the official unsupported-command message, as no-ops', async () => {
    const h = await host({});
    for (const name of ['BlockTraffic', 'AllowTraffic']) {
      assert.deepEqual(await h.executor.plan(name, h.spec('d-EXEC00002')), { noop: true });
      const outcome = await h.executor.execute(name, h.spec('d-EXEC00002'));
      assert.equal(outcome.status, 'Failed');
      assert.deepEqual(outcome.diagnostics, { error_code: 5, script_name: '', message: `Unsupported command type: ${name}.`, log: '' });
    }
  });

  it('reports bundle and appspec errors with error code 5 and their message', async () => {
    const h = await host({ 'appspec.yml': 'version: 0.0\nos: windows-ish\n' });
    const missing = { ...h.spec('d-EXEC00003'), revision: { revisionType: 'Local Directory' as const, location: join(h.dir, 'nowhere'), bundleType: 'directory' } };
    const download = await h.executor.execute('DownloadBundle', missing);
    assert.equal(download.diagnostics.error_code, 5);
    assert.match(download.diagnostics.message, /The bundle does not exist at .*nowhere/);
    const spec = h.spec('d-EXEC00004');
    assert.equal((await h.executor.execute('DownloadBundle', spec)).status, 'Succeeded');
    const install = await h.executor.execute('Install', spec);
    assert.equal(install.status, 'Failed');
    assert.equal(install.diagnostics.error_code, 5);
    assert.match(install.diagnostics.message, /^appspec\.yml:2:\d+: /, 'the appspec problem is located');
    await assert.rejects(h.executor.plan('BeforeInstall', spec), /os/i, 'a hook event cannot be planned from an invalid appspec');
  });
});
