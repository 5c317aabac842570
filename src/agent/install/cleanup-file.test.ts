import assert from 'node:assert/strict';
import { lstat, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { parseCleanupFile, undoPreviousInstall } from './cleanup-file.ts';
import type { InstallLog } from './install-log.ts';

async function tempDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cutover-cleanup-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const gone = (path: string) => lstat(path).then(() => false, () => true);

function recordingLog(): InstallLog & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, debug() {}, info() {}, warn: (m) => void warnings.push(m) };
}

describe('parseCleanupFile', () => {
  it('reads nothing from an empty file', () => {
    assert.deepEqual(parseCleanupFile(''), []);
  });

  it('returns the paths last first', () => {
    assert.deepEqual(parseCleanupFile('/a\n/a/b\n/a/b/c\n').map((s) => s.path), ['/a/b/c', '/a/b', '/a']);
  });

  it('drops an unterminated last line, which was never created', () => {
    assert.deepEqual(parseCleanupFile('/a\n/a/b').map((s) => s.path), ['/a']);
    assert.deepEqual(parseCleanupFile('/half-written'), []);
  });

  it('reads semanage lines as context rules to delete', () => {
    assert.deepEqual(parseCleanupFile('/a\nsemanage\0/a/real\n'), [
      { kind: 'semanage', path: '/a/real' },
      { kind: 'remove', path: '/a' },
    ]);
  });

  it('trims each line as the official agent does', () => {
    assert.deepEqual(parseCleanupFile('  /a \r\n'), [{ kind: 'remove', path: '/a' }]);
  });
});

describe('undoPreviousInstall', () => {
  it('does nothing without a cleanup file', async (t) => {
    const dir = await tempDir(t);
    await undoPreviousInstall(join(dir, 'dg-cleanup'), recordingLog());
  });

  it('removes files, symlinks and emptied directories in reverse order, then the file itself', async (t) => {
    const dir = await tempDir(t);
    await mkdir(join(dir, 'app', 'sub'), { recursive: true });
    await writeFile(join(dir, 'app', 'sub', 'a.txt'), 'a');
    await writeFile(join(dir, 'keep.txt'), 'keep');
    await symlink(join(dir, 'keep.txt'), join(dir, 'app', 'link'));
    const lines = ['app', 'app/sub', 'app/sub/a.txt', 'app/link'].map((p) => join(dir, p));
    const cleanupFile = join(dir, 'dg-cleanup');
    await writeFile(cleanupFile, `${lines.join('\n')}\n`);
    await undoPreviousInstall(cleanupFile, recordingLog());
    assert.equal(await gone(join(dir, 'app')), true);
    assert.equal(await readFile(join(dir, 'keep.txt'), 'utf8'), 'keep', 'the link target survives');
    assert.equal(await gone(cleanupFile), true);
  });

  it('ignores paths that are already gone and directories that are not empty', async (t) => {
    const dir = await tempDir(t);
    await mkdir(join(dir, 'app'));
    await writeFile(join(dir, 'app', 'foreign.txt'), 'f');
    const cleanupFile = join(dir, 'dg-cleanup');
    await writeFile(cleanupFile, `${join(dir, 'app')}\n${join(dir, 'app', 'missing.txt')}\n`);
    await undoPreviousInstall(cleanupFile, recordingLog());
    assert.equal(await readFile(join(dir, 'app', 'foreign.txt'), 'utf8'), 'f');
  });

  it('does not remove the path of an unterminated last line', async (t) => {
    const dir = await tempDir(t);
    await writeFile(join(dir, 'a.txt'), 'a');
    await writeFile(join(dir, 'b.txt'), 'b');
    const cleanupFile = join(dir, 'dg-cleanup');
    await writeFile(cleanupFile, `${join(dir, 'a.txt')}\n${join(dir, 'b.txt')}`);
    await undoPreviousInstall(cleanupFile, recordingLog());
    assert.equal(await gone(join(dir, 'a.txt')), true);
    assert.equal(await readFile(join(dir, 'b.txt'), 'utf8'), 'b');
  });

  it('only warns when a context rule cannot be deleted', async (t) => {
    const dir = await tempDir(t);
    const cleanupFile = join(dir, 'dg-cleanup');
    await writeFile(cleanupFile, `semanage\0${join(dir, 'x')}\n`);
    const log = recordingLog();
    await undoPreviousInstall(cleanupFile, log);
    assert.equal(log.warnings.length, 1);
    assert.equal(await gone(cleanupFile), true);
  });
});
