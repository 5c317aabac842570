import assert from 'node:assert/strict';
import { lstat, mkdir, readFile, readlink, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { INSTALL_MESSAGES } from './messages.ts';
import { installError, TestHost } from '../../../test/support/install-test-host.ts';

const host = (t: TestContext, groupId?: string) => TestHost.create((fn) => t.after(fn), groupId);

const appSpec = (body: string) => `version: 0.0\nos: linux\n${body}`;
const filesTo = (source: string, destination: string, extra = '') =>
  appSpec(`${extra}files:\n  - source: ${source}\n    destination: ${destination}\n`);

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}


describe('runInstall copying files', () => {
  it('copies a directory, creating missing ancestors, and records every created path in order', async (t) => {
    const h = await host(t);
    const dest = h.at('srv', 'app');
    await h.install('d-1', {
      'appspec.yml': filesTo('app', dest),
      'app/index.html': '<h1>v1</h1>',
      'app/sub/x.txt': 'x',
    });
    assert.equal(await readFile(join(dest, 'index.html'), 'utf8'), '<h1>v1</h1>');
    assert.equal(await readFile(join(dest, 'sub', 'x.txt'), 'utf8'), 'x');
    const cleanup = await readFile(h.layout.cleanupFile(h.groupId), 'utf8');
    assert.equal(cleanup, [h.at('srv'), dest, join(dest, 'index.html'), join(dest, 'sub'), join(dest, 'sub', 'x.txt'), ''].join('\n'));
    assert.equal(await readFile(h.layout.lastSuccessfulInstallFile(h.groupId), 'utf8'), h.layout.deploymentDir(h.groupId, 'd-1'));
  });

  it('writes the install instructions in the official JSON shape', async (t) => {
    const h = await host(t);
    const archive = h.layout.archiveDir(h.groupId, 'd-1');
    await h.install('d-1', { 'appspec.yml': filesTo('run.sh', h.at('bin')), 'run.sh': 'echo' });
    const json = JSON.parse(await readFile(h.layout.installInstructionsFile(h.groupId), 'utf8'));
    assert.deepEqual(json, {
      instructions: [
        { type: 'mkdir', directory: h.at('bin') },
        { type: 'copy', source: join(archive, 'run.sh'), destination: h.at('bin', 'run.sh') },
      ],
    });
  });

  it('copies a file source into the destination directory under its own name', async (t) => {
    const h = await host(t);
    await h.install('d-1', { 'appspec.yml': filesTo('config/app.conf', h.at('etc')), 'config/app.conf': 'k=v' });
    assert.equal(await readFile(h.at('etc', 'app.conf'), 'utf8'), 'k=v');
  });

  it('copies the whole revision, appspec included, for source /', async (t) => {
    const h = await host(t);
    await h.install('d-1', { 'appspec.yml': filesTo('/', h.at('app')), 'scripts/start.sh': 'start' });
    assert.equal(await exists(h.at('app', 'appspec.yml')), true);
    assert.equal(await readFile(h.at('app', 'scripts', 'start.sh'), 'utf8'), 'start');
  });

  it('keeps file modes and modification times', async (t) => {
    const h = await host(t);
    const archive = await h.unpack('d-1', {
      'appspec.yml': filesTo('bin', h.at('bin')),
      'bin/tool': { content: '#!/bin/sh\n', mode: 0o750 },
    });
    const mtime = new Date('2020-01-02T03:04:05Z');
    await utimes(join(archive, 'bin', 'tool'), mtime, mtime);
    await h.install('d-1', {});
    const copied = await stat(h.at('bin', 'tool'));
    assert.equal(copied.mode & 0o7777, 0o750);
    assert.equal(copied.mtime.getTime(), mtime.getTime());
  });

  it('recreates symlinks with their targets instead of following them', async (t) => {
    const h = await host(t);
    await h.install('d-1', {
      'appspec.yml': filesTo('app', h.at('app')),
      'app/index.html': 'i',
      'app/current': { symlink: 'index.html' },
      'app/sub/x': 'x',
      'app/sublink': { symlink: 'sub' },
      'app/dangling': { symlink: '/nonexistent/target' },
    });
    assert.equal(await readlink(h.at('app', 'current')), 'index.html');
    assert.equal(await readlink(h.at('app', 'sublink')), 'sub');
    assert.equal(await readlink(h.at('app', 'dangling')), '/nonexistent/target');
    assert.equal((await lstat(h.at('app', 'sublink'))).isSymbolicLink(), true);
  });

  it('fails with the official message when a source file is missing', async (t) => {
    const h = await host(t);
    const archive = h.layout.archiveDir(h.groupId, 'd-1');
    const err = await installError(() => h.install('d-1', { 'appspec.yml': filesTo('missing.txt', h.at('x')) }));
    assert.equal(err.message, INSTALL_MESSAGES.sourceMissing(join(archive, 'missing.txt')));
    assert.equal(err.errorCode, 5);
  });
});

describe('runInstall undoing the previous install', () => {
  it('removes the previous revision files and directories before copying the new ones', async (t) => {
    const h = await host(t);
    await h.install('d-1', { 'appspec.yml': filesTo('app', h.at('app')), 'app/old.txt': 'old', 'app/lib/a.js': 'a' });
    await h.install('d-2', { 'appspec.yml': filesTo('app', h.at('app')), 'app/new.txt': 'new' });
    assert.equal(await exists(h.at('app', 'old.txt')), false);
    assert.equal(await exists(h.at('app', 'lib')), false);
    assert.equal(await readFile(h.at('app', 'new.txt'), 'utf8'), 'new');
    assert.equal(await readFile(h.layout.lastSuccessfulInstallFile(h.groupId), 'utf8'), h.layout.deploymentDir(h.groupId, 'd-2'));
  });

  it('leaves a directory that holds files someone else put there', async (t) => {
    const h = await host(t);
    await h.install('d-1', { 'appspec.yml': filesTo('app', h.at('app')), 'app/a.txt': 'a' });
    await writeFile(h.at('app', 'user-notes.txt'), 'mine');
    await h.install('d-2', { 'appspec.yml': appSpec('') });
    assert.equal(await exists(h.at('app', 'a.txt')), false);
    assert.equal(await readFile(h.at('app', 'user-notes.txt'), 'utf8'), 'mine');
  });

  it('removes the previous files when the new revision has no files section', async (t) => {
    const h = await host(t);
    await h.install('d-1', { 'appspec.yml': filesTo('app', h.at('app')), 'app/a.txt': 'a' });
    await h.install('d-2', { 'appspec.yml': appSpec('hooks:\n  AfterInstall: []\n') });
    assert.equal(await exists(h.at('app')), false);
    assert.equal(await readFile(h.layout.cleanupFile(h.groupId), 'utf8'), '');
  });

  it('lets the same revision install twice under DISALLOW, since its own files are removed first', async (t) => {
    const h = await host(t);
    const revision = { 'appspec.yml': filesTo('app', h.at('app')), 'app/a.txt': 'a' };
    await h.install('d-1', revision);
    await h.install('d-2', revision);
    assert.equal(await readFile(h.at('app', 'a.txt'), 'utf8'), 'a');
  });

  it('counts another deployment group files as already existing', async (t) => {
    const h = await host(t);
    await h.install('d-1', { 'appspec.yml': filesTo('app', h.at('app')), 'app/a.txt': 'a' }, { groupId: 'dg-other' });
    const err = await installError(() => h.install('d-2', { 'appspec.yml': filesTo('app', h.at('app')), 'app/a.txt': 'b' }));
    assert.equal(err.message, INSTALL_MESSAGES.fileExists(h.at('app', 'a.txt')));
  });

  it('does not undo the previous install when the new appspec is invalid', async (t) => {
    const h = await host(t);
    await h.install('d-1', { 'appspec.yml': filesTo('app', h.at('app')), 'app/a.txt': 'a' });
    const err = await installError(() => h.install('d-2', { 'appspec.yml': 'version: 0.0\nos: windows\n' }));
    assert.match(err.message, /^appspec\.yml:2:5: The deployment failed because the application specification file specifies an unsupported operating system \(windows\)/);
    assert.equal(await readFile(h.at('app', 'a.txt'), 'utf8'), 'a');
  });
});

describe('runInstall file_exists_behavior', () => {
  const revision = (h: TestHost, extra = '') => ({ 'appspec.yml': filesTo('app', h.at('app'), extra), 'app/a.txt': 'new' });
  const withExisting = async (t: TestContext) => {
    const h = await host(t);
    await mkdir(h.at('app'), { recursive: true });
    await writeFile(h.at('app', 'a.txt'), 'original');
    return h;
  };

  it('fails under DISALLOW, the default, when a target file already exists', async (t) => {
    const h = await withExisting(t);
    const err = await installError(() => h.install('d-1', revision(h)));
    assert.equal(err.message, INSTALL_MESSAGES.fileExists(h.at('app', 'a.txt')));
    assert.equal(await readFile(h.at('app', 'a.txt'), 'utf8'), 'original');
  });

  it('replaces the file under OVERWRITE from the deployment', async (t) => {
    const h = await withExisting(t);
    await h.install('d-1', revision(h), { fileExistsBehavior: 'OVERWRITE' });
    assert.equal(await readFile(h.at('app', 'a.txt'), 'utf8'), 'new');
    assert.match(await readFile(h.layout.cleanupFile(h.groupId), 'utf8'), /a\.txt\n$/);
  });

  it('keeps the file under RETAIN and does not claim it for cleanup', async (t) => {
    const h = await withExisting(t);
    await h.install('d-1', revision(h), { fileExistsBehavior: 'RETAIN' });
    assert.equal(await readFile(h.at('app', 'a.txt'), 'utf8'), 'original');
    assert.equal(await readFile(h.layout.cleanupFile(h.groupId), 'utf8'), '');
    await h.install('d-2', { 'appspec.yml': appSpec('') });
    assert.equal(await readFile(h.at('app', 'a.txt'), 'utf8'), 'original');
  });

  it('prefers the appspec file_exists_behavior to the deployment one', async (t) => {
    const h = await withExisting(t);
    await h.install('d-1', revision(h, 'file_exists_behavior: RETAIN\n'), { fileExistsBehavior: 'OVERWRITE' });
    assert.equal(await readFile(h.at('app', 'a.txt'), 'utf8'), 'original');
    await h.install('d-2', revision(h, 'file_exists_behavior: OVERWRITE\n'), { fileExistsBehavior: 'DISALLOW' });
    assert.equal(await readFile(h.at('app', 'a.txt'), 'utf8'), 'new');
  });

  it('refuses an unknown deployment behaviour only when a file conflicts', async (t) => {
    const h = await withExisting(t);
    const err = await installError(() => h.install('d-1', revision(h), { fileExistsBehavior: 'MERGE' }));
    assert.equal(err.message, INSTALL_MESSAGES.invalidFileExistsBehavior('MERGE'));
    const fresh = await host(t);
    await fresh.install('d-1', revision(fresh), { fileExistsBehavior: 'MERGE' });
  });

  it('replaces a symlink at the destination instead of writing through it', async (t) => {
    const h = await host(t);
    await mkdir(h.at('app'), { recursive: true });
    await writeFile(h.at('outside.txt'), 'outside');
    await symlink(h.at('outside.txt'), h.at('app', 'a.txt'));
    await h.install('d-1', revision(h), { fileExistsBehavior: 'OVERWRITE' });
    assert.equal(await readFile(h.at('outside.txt'), 'utf8'), 'outside');
    assert.equal((await lstat(h.at('app', 'a.txt'))).isSymbolicLink(), false);
  });
});

describe('runInstall conflicting targets', () => {
  it('refuses two sources for one destination, locating the entry', async (t) => {
    const h = await host(t);
    const spec = appSpec(`files:\n  - source: a/x.txt\n    destination: ${h.at('out')}\n  - source: b/x.txt\n    destination: ${h.at('out')}\n`);
    const archive = h.layout.archiveDir(h.groupId, 'd-1');
    const err = await installError(() => h.install('d-1', { 'appspec.yml': spec, 'a/x.txt': 'a', 'b/x.txt': 'b' }));
    const message = INSTALL_MESSAGES.twoSources(join(archive, 'b/x.txt'), join(archive, 'a/x.txt'), h.at('out', 'x.txt'));
    assert.equal(err.officialMessage, message);
    assert.equal(err.message, `appspec.yml:6:5: ${message}`);
  });

  it('refuses a file copied onto a directory that this install creates', async (t) => {
    const h = await host(t);
    const spec = appSpec(`files:\n  - source: tree\n    destination: ${h.at('out')}\n  - source: flat/name\n    destination: ${h.at('out')}\n`);
    const archive = h.layout.archiveDir(h.groupId, 'd-1');
    const err = await installError(() => h.install('d-1', { 'appspec.yml': spec, 'tree/name/a': 'a', 'flat/name': 'f' }));
    assert.equal(err.officialMessage, INSTALL_MESSAGES.fileOntoDirectory(join(archive, 'flat/name'), h.at('out', 'name')));
  });

  it('refuses a directory created where this install copies a file', async (t) => {
    const h = await host(t);
    const spec = appSpec(`files:\n  - source: flat/name\n    destination: ${h.at('out')}\n  - source: tree\n    destination: ${h.at('out')}\n`);
    const archive = h.layout.archiveDir(h.groupId, 'd-1');
    const err = await installError(() => h.install('d-1', { 'appspec.yml': spec, 'tree/name/a': 'a', 'flat/name': 'f' }));
    assert.equal(err.officialMessage, INSTALL_MESSAGES.directoryOntoFile(h.at('out', 'name'), join(archive, 'flat/name')));
  });

  it('creates a directory shared by two entries once', async (t) => {
    const h = await host(t);
    const spec = appSpec(`files:\n  - source: a\n    destination: ${h.at('out')}\n  - source: b\n    destination: ${h.at('out')}\n`);
    await h.install('d-1', { 'appspec.yml': spec, 'a/1.txt': '1', 'b/2.txt': '2' });
    assert.deepEqual((await readFile(h.layout.cleanupFile(h.groupId), 'utf8')).split('\n').filter((l) => l === h.at('out')), [h.at('out')]);
  });
});

describe('runInstall choosing the appspec', () => {
  it('reads the deployment AppSpecFilename', async (t) => {
    const h = await host(t);
    await h.install('d-1', { 'custom.yml': filesTo('a.txt', h.at('c')), 'appspec.yml': 'not: valid', 'a.txt': 'a' }, { appSpecFilename: 'custom.yml' });
    assert.equal(await readFile(h.at('c', 'a.txt'), 'utf8'), 'a');
  });

  it('falls back to appspec.yaml when appspec.yml is missing', async (t) => {
    const h = await host(t);
    await h.install('d-1', { 'appspec.yaml': filesTo('a.txt', h.at('y')), 'a.txt': 'a' });
    assert.equal(await readFile(h.at('y', 'a.txt'), 'utf8'), 'a');
  });

  it('locates problems in the file it chose', async (t) => {
    const h = await host(t);
    const err = await installError(() => h.install('d-1', { 'appspec.yaml': 'version: 1\nos: linux\n' }));
    assert.match(err.message, /^appspec\.yaml:1:10: The deployment failed because an invalid version value \(1\)/);
  });

  it('fails with the official message when there is no appspec', async (t) => {
    const h = await host(t);
    const archive = h.layout.archiveDir(h.groupId, 'd-1');
    const err = await installError(() => h.install('d-1', { 'readme.txt': 'r' }, { appSpecFilename: 'deploy.yml' }));
    assert.equal(err.message, INSTALL_MESSAGES.appSpecNotFound('deploy.yml', archive, join(archive, 'deploy.yml')));
  });
});
