import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { newLocalDeploymentId, runLocalDeployment, type LocalEventReport } from './local-deployment.ts';

describe('runLocalDeployment', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cutover-local-run-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const root = join(dir, 'root');
  const config = join(dir, 'agent.yml');
  writeFileSync(config, `root_dir: ${root}\n`);
  const bundle = join(dir, 'app');
  mkdirSync(join(bundle, 'scripts'), { recursive: true });
  writeFileSync(join(bundle, 'appspec.yml'), 'version: 0.0\nos: linux\nhooks:\n  ApplicationStart:\n    - location: scripts/start.sh\n');
  writeFileSync(join(bundle, 'scripts', 'start.sh'), '#!/bin/sh\necho "$DEPLOYMENT_GROUP_NAME $APPLICATION_NAME" > "$(dirname "$0")/../../../../../started"\n');
  chmodSync(join(bundle, 'scripts', 'start.sh'), 0o755);

  it('runs the events in-process and reports each one', async () => {
    const reports: LocalEventReport[] = [];
    const result = await runLocalDeployment({
      bundleLocation: 'app', cwd: dir, agentConfigurationFile: config, deploymentGroup: 'g', applicationName: 'shop',
      events: 'ApplicationStart', onEvent: (r) => reports.push(r),
    });
    assert.equal(result.status, 'Succeeded');
    assert.deepEqual(reports.map((r) => `${r.event}:${r.status}`), ['DownloadBundle:Succeeded', 'Install:Succeeded', 'ApplicationStart:Succeeded']);
    assert.equal(readFileSync(join(dir, 'started'), 'utf8'), 'LocalFleet shop\n');
    assert.equal(result.deploymentDir, join(root, 'g', result.deploymentId));
  });

  it('refuses a group id that is not one directory name, and other bad flags, before touching the root', async () => {
    const base = { bundleLocation: bundle, cwd: dir, agentConfigurationFile: join(dir, 'other.yml') };
    writeFileSync(base.agentConfigurationFile, `root_dir: ${join(dir, 'untouched')}\n`);
    await assert.rejects(runLocalDeployment({ ...base, deploymentGroup: '../escape' }), { name: 'LocalDeploymentError', message: /^deployment-group \.\.\/escape must be a directory name/ });
    await assert.rejects(runLocalDeployment({ ...base, fileExistsBehavior: 'maybe' }),
      { message: 'file-exists-behavior maybe is not a valid option. Must be one of DISALLOW,OVERWRITE,RETAIN' });
    await assert.rejects(runLocalDeployment({ ...base, agentConfigurationFile: join(dir, 'nope.yml') }),
      { message: `configuration file ${join(dir, 'nope.yml')} does not exist or is not readable` });
    assert.equal(existsSync(join(dir, 'untouched')), false);
  });

  it('makes deployment ids the way the official tool does', () => {
    assert.match(newLocalDeploymentId(), /^d-[A-Z0-9]{9}-local$/);
  });
});
