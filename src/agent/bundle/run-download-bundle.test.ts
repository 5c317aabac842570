import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DeploymentRootLayout } from '../layout.ts';
import { BundleError } from './bundle-error.ts';
import { runDownloadBundle } from './run-download-bundle.ts';
import { S3TestDouble } from './s3-test-double.ts';
import { buildTar, buildZip } from './test-archives.ts';

const GROUP = 'dg-download';
const CREDENTIALS = { accessKeyId: 'AKIDAGENT', secretAccessKey: 'agent-secret' };
const s3Double = new S3TestDouble({ secretAccessKey: CREDENTIALS.secretAccessKey });
let endpoint: string;
let scratch: string;

before(async () => {
  endpoint = await s3Double.start();
  scratch = await mkdtemp(join(tmpdir(), 'cutover-download-'));
});
after(async () => {
  await s3Double.close();
  await rm(scratch, { recursive: true, force: true });
});

async function freshLayout(): Promise<DeploymentRootLayout> {
  return new DeploymentRootLayout({ root: await mkdtemp(join(scratch, 'root-')) });
}

const APP = [
  { name: 'appspec.yml', body: 'version: 0.0\nos: linux\n' },
  { name: 'scripts/start.sh', body: '#!/bin/sh\n', mode: 0o755 },
];

describe('runDownloadBundle', () => {
  it('downloads an S3 bundle, unpacks it and records the most recent install', async () => {
    s3Double.put('apps', 'web/app.zip', 'v7', { body: buildZip(APP), etag: '"z7"' });
    const layout = await freshLayout();
    await runDownloadBundle({
      layout, groupId: GROUP, deploymentId: 'd-S3',
      revision: { revisionType: 'S3', bucket: 'apps', key: 'web/app.zip', bundleType: 'zip', version: 'v7', eTag: 'z7' },
      s3: { endpoint, region: 'us-east-1', credentials: CREDENTIALS },
    });
    const archive = layout.archiveDir(GROUP, 'd-S3');
    assert.deepEqual((await readdir(archive)).sort(), ['appspec.yml', 'scripts']);
    assert.ok((await lstat(layout.bundleFile(GROUP, 'd-S3'))).isFile());
    assert.equal(await readFile(layout.mostRecentInstallFile(GROUP), 'utf8'), layout.deploymentDir(GROUP, 'd-S3'));
  });

  it('links a Local File bundle as bundle.tar and unpacks it', async () => {
    const location = join(scratch, 'local-app.tgz');
    await writeFile(location, buildTar(APP, { gzip: true }));
    const layout = await freshLayout();
    await runDownloadBundle({ layout, groupId: GROUP, deploymentId: 'd-LF', revision: { revisionType: 'Local File', location, bundleType: 'tgz' } });
    assert.equal(await readlink(layout.bundleFile(GROUP, 'd-LF')), location);
    assert.equal((await stat(join(layout.archiveDir(GROUP, 'd-LF'), 'scripts/start.sh'))).mode & 0o777, 0o755);
  });

  it('copies a Local Directory revision with its modes and symlinks, without bundle.tar', async () => {
    const source = await mkdtemp(join(scratch, 'src-'));
    await mkdir(join(source, 'scripts'));
    await writeFile(join(source, 'appspec.yml'), 'version: 0.0\n');
    await writeFile(join(source, 'scripts/run.sh'), '#!/bin/sh\n');
    await chmod(join(source, 'scripts/run.sh'), 0o750);
    await symlink('scripts/run.sh', join(source, 'run'));
    const layout = await freshLayout();
    await runDownloadBundle({ layout, groupId: GROUP, deploymentId: 'd-LD', revision: { revisionType: 'Local Directory', location: source, bundleType: 'directory' } });
    const archive = layout.archiveDir(GROUP, 'd-LD');
    assert.equal((await stat(join(archive, 'scripts/run.sh'))).mode & 0o777, 0o750);
    assert.equal(await readlink(join(archive, 'run')), 'scripts/run.sh');
    assert.equal(existsSync(layout.bundleFile(GROUP, 'd-LD')), false);
  });

  it('prunes old revisions of the group before downloading', async () => {
    const location = join(scratch, 'prune-app.tar');
    await writeFile(location, buildTar(APP));
    const layout = await freshLayout();
    for (const id of ['d-1', 'd-2', 'd-3']) {
      await runDownloadBundle({ layout, groupId: GROUP, deploymentId: id, maxRevisions: 2, revision: { revisionType: 'Local File', location, bundleType: 'tar' } });
    }
    assert.deepEqual((await readdir(layout.groupDir(GROUP))).sort(), ['d-2', 'd-3']);
  });

  it('fails a refused bundle without leaving an archive or recording the install', async () => {
    const location = join(scratch, 'evil.zip');
    await writeFile(location, buildZip([{ name: '../../../etc/cutover-pwned', body: 'x' }]));
    const layout = await freshLayout();
    await assert.rejects(
      runDownloadBundle({ layout, groupId: GROUP, deploymentId: 'd-EV', revision: { revisionType: 'Local File', location, bundleType: 'zip' } }),
      (err: unknown) => err instanceof BundleError && err.entry === '../../../etc/cutover-pwned',
    );
    assert.equal(existsSync(layout.archiveDir(GROUP, 'd-EV')), false);
    assert.equal(existsSync(layout.mostRecentInstallFile(GROUP)), false);
    assert.equal(existsSync('/etc/cutover-pwned'), false);
  });

  it('refuses GitHub revisions and S3 revisions without S3 settings with clear errors', async () => {
    const layout = await freshLayout();
    await assert.rejects(runDownloadBundle({
      layout, groupId: GROUP, deploymentId: 'd-GH',
      revision: { revisionType: 'GitHub', account: 'o', repository: 'r', commitId: 'abc' },
    }), /GitHub revisions are not supported/);
    await assert.rejects(runDownloadBundle({
      layout, groupId: GROUP, deploymentId: 'd-NS',
      revision: { revisionType: 'S3', bucket: 'b', key: 'k', bundleType: 'zip' },
    }), /S3 revisions need S3 settings/);
  });

  it('names a missing local bundle', async () => {
    const layout = await freshLayout();
    await assert.rejects(runDownloadBundle({
      layout, groupId: GROUP, deploymentId: 'd-MS', revision: { revisionType: 'Local File', location: '/nonexistent/app.zip', bundleType: 'zip' },
    }), /The bundle does not exist at \/nonexistent\/app.zip/);
  });
});
