import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ZipFile } from 'yazl';
import { DEFAULT_BUNDLE_LIMITS, type BundleLimits } from './archive-entry.ts';
import { BundleError } from './bundle-error.ts';
import { extractBundle } from './extract-bundle.ts';
import { buildTar, buildZip, type TestEntry } from './test-archives.ts';

const FORMATS = [
  { bundleType: 'tar', build: (entries: TestEntry[]) => buildTar(entries) },
  { bundleType: 'tgz', build: (entries: TestEntry[]) => buildTar(entries, { gzip: true }) },
  { bundleType: 'zip', build: (entries: TestEntry[]) => buildZip(entries) },
] as const;

let scratch: string;
before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'cutover-extract-'));
});
after(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** A deployment directory with a bundle, an archive directory and a bait directory beside it. */
async function unpack(bytes: Buffer, bundleType: string, limits: BundleLimits = DEFAULT_BUNDLE_LIMITS) {
  const dir = await mkdtemp(join(scratch, 'dep-'));
  const bundleFile = join(dir, 'bundle.tar');
  const archiveDir = join(dir, 'deployment-archive');
  await mkdir(join(dir, 'bait'));
  await writeFile(bundleFile, bytes);
  const run = () => extractBundle({ bundleFile, archiveDir, bundleType, limits });
  return { dir, archiveDir, run };
}

/** Asserts the deployment directory holds only the bundle and the untouched, empty bait. */
async function assertNothingOutside(dir: string): Promise<void> {
  assert.deepEqual((await readdir(dir)).sort(), ['bait', 'bundle.tar']);
  assert.deepEqual(await readdir(join(dir, 'bait')), []);
}

async function assertRefused(run: () => Promise<void>, entry: string, reason: RegExp): Promise<void> {
  await assert.rejects(run, (err: unknown) => {
    assert.ok(err instanceof BundleError, String(err));
    assert.equal(err.entry, entry);
    assert.ok(err.message.includes(`"${entry}"`), err.message);
    assert.match(err.message, reason);
    return true;
  });
}

for (const format of FORMATS) {
  describe(`extractBundle with a ${format.bundleType} bundle`, () => {
    it('unpacks files, directories and inner symlinks with their modes', async () => {
      const { archiveDir, run } = await unpack(format.build([
        { name: 'appspec.yml', body: 'version: 0.0\n' },
        { name: 'scripts/', kind: 'directory', mode: 0o750 },
        { name: 'scripts/start.sh', body: '#!/bin/sh\necho hi\n', mode: 0o755 },
        { name: 'config/app.conf', body: 'x=1\n', mode: 0o600 },
        { name: 'current', kind: 'symlink', target: 'scripts/start.sh' },
      ]), format.bundleType);
      await run();
      assert.equal(await readFile(join(archiveDir, 'appspec.yml'), 'utf8'), 'version: 0.0\n');
      assert.equal((await stat(join(archiveDir, 'scripts/start.sh'))).mode & 0o7777, 0o755);
      assert.equal((await stat(join(archiveDir, 'config/app.conf'))).mode & 0o7777, 0o600);
      assert.equal((await stat(join(archiveDir, 'scripts'))).mode & 0o7777, 0o750);
      assert.equal((await stat(join(archiveDir, 'config'))).mode & 0o7777, 0o755);
      assert.equal(await readlink(join(archiveDir, 'current')), 'scripts/start.sh');
    });

    it('refuses a ../ entry and writes nothing outside the archive directory', async () => {
      const { dir, run } = await unpack(format.build([
        { name: 'appspec.yml', body: 'ok' },
        { name: '../bait/x', body: 'pwned' },
      ]), format.bundleType);
      await assertRefused(run, '../bait/x', /"\.\."/);
      await assertNothingOutside(dir);
    });

    it('refuses a zip-slip entry two levels up', async () => {
      const name = `../../slip-${format.bundleType}`;
      const { dir, run } = await unpack(format.build([{ name, body: 'pwned' }]), format.bundleType);
      await assertRefused(run, name, /would leave the archive directory/);
      assert.equal(existsSync(join(dir, 'deployment-archive', name)), false);
      await assertNothingOutside(dir);
    });

    it('refuses an absolute path and does not create it', async () => {
      const absolute = join(scratch, `abs-${format.bundleType}`);
      const { dir, run } = await unpack(format.build([{ name: absolute, body: 'pwned' }]), format.bundleType);
      await assertRefused(run, absolute, /absolute/);
      assert.equal(existsSync(absolute), false);
      await assertNothingOutside(dir);
    });

    it('refuses a symlink that points outside, and the file written through it', async () => {
      const { dir, run } = await unpack(format.build([
        { name: 'link', kind: 'symlink', target: '../bait' },
        { name: 'link/evil', body: 'pwned' },
      ]), format.bundleType);
      await assertRefused(run, 'link', /resolves outside/);
      await assertNothingOutside(dir);
    });

    it('refuses a file written through an inner symlink', async () => {
      const { dir, run } = await unpack(format.build([
        { name: 'real/', kind: 'directory' },
        { name: 'alias', kind: 'symlink', target: 'real' },
        { name: 'alias/file', body: 'through' },
      ]), format.bundleType);
      await assertRefused(run, 'alias/file', /written through the symbolic link "alias"/);
      await assertNothingOutside(dir);
    });

    it('refuses a symlink that escapes only through another symlink of the archive', async () => {
      const { dir, run } = await unpack(format.build([
        { name: 'sub/deep/top', kind: 'symlink', target: '../..' },
        { name: 'sub/x', kind: 'symlink', target: 'deep/top/..' },
      ]), format.bundleType);
      await assertRefused(run, 'sub/x', /resolves outside/);
      await assertNothingOutside(dir);
    });

    it('refuses a setuid entry, naming it', async () => {
      const { dir, run } = await unpack(format.build([
        { name: 'appspec.yml', body: 'ok' },
        { name: 'bin/su-me', body: '#!/bin/sh\n', mode: 0o4755 },
      ]), format.bundleType);
      await assertRefused(run, 'bin/su-me', /setuid\/setgid .*4755/);
      await assertNothingOutside(dir);
    });

    it('refuses a FIFO', async () => {
      const { run } = await unpack(format.build([{ name: 'pipe', kind: 'fifo' }]), format.bundleType);
      await assertRefused(run, 'pipe', /special files/);
    });

    it('refuses a bundle with more entries than the limit', async () => {
      const entries = Array.from({ length: 6 }, (_, i) => ({ name: `f${i}`, body: 'x' }));
      const { dir, run } = await unpack(format.build(entries), format.bundleType, { maxBytes: 1000, maxEntries: 5 });
      await assertRefused(run, 'f5', /more than 5 entries/);
      await assertNothingOutside(dir);
    });

    it('refuses a bundle that expands past the byte limit', async () => {
      const { dir, run } = await unpack(format.build([
        { name: 'a', body: '12345' }, { name: 'b', body: '678901' },
      ]), format.bundleType, { maxBytes: 10, maxEntries: 10 });
      await assertRefused(run, 'b', /more than 10 bytes/);
      await assertNothingOutside(dir);
    });

    it('strips a lone top-level folder that holds the appspec', async () => {
      const { archiveDir, run } = await unpack(format.build([
        { name: 'app/', kind: 'directory' },
        { name: 'app/AppSpec.yml', body: 'version: 0.0\n' },
        { name: 'app/app/inner.txt', body: 'same name inside' },
      ]), format.bundleType);
      await run();
      assert.deepEqual((await readdir(archiveDir)).sort(), ['AppSpec.yml', 'app']);
      assert.equal(await readFile(join(archiveDir, 'app/inner.txt'), 'utf8'), 'same name inside');
    });

    it('keeps a lone top-level folder without an appspec', async () => {
      const { archiveDir, run } = await unpack(format.build([{ name: 'site/index.html', body: '<p>' }]), format.bundleType);
      await run();
      assert.deepEqual(await readdir(archiveDir), ['site']);
    });
  });
}

describe('extractBundle edge cases', () => {
  it('accepts a tar whose entries start with ./ and leaves the archive root mode alone', async () => {
    const { archiveDir, run } = await unpack(buildTar([
      { name: './', kind: 'directory', mode: 0o777 },
      { name: './appspec.yml', body: 'version: 0.0\n' },
    ]), 'tgz');
    await run();
    assert.deepEqual(await readdir(archiveDir), ['appspec.yml']);
    assert.equal((await stat(archiveDir)).mode & 0o777, 0o755);
  });

  it('unpacks an unknown bundle type as tar', async () => {
    const { archiveDir, run } = await unpack(buildTar([{ name: 'appspec.yml', body: 'x' }]), 'rar');
    await run();
    assert.deepEqual(await readdir(archiveDir), ['appspec.yml']);
  });

  it('unpacks a deflated zip made by a real archiver, symlinks included', async () => {
    const zip = new ZipFile();
    zip.addBuffer(Buffer.from('version: 0.0\n'.repeat(200)), 'appspec.yml', { mode: 0o100644 });
    zip.addBuffer(Buffer.from('#!/bin/sh\n'), 'scripts/run.sh', { mode: 0o100755 });
    zip.addBuffer(Buffer.from('scripts/run.sh'), 'run', { mode: 0o120777 });
    zip.end();
    const chunks: Buffer[] = [];
    for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
    const { archiveDir, run } = await unpack(Buffer.concat(chunks), 'zip');
    await run();
    assert.equal((await readFile(join(archiveDir, 'appspec.yml'), 'utf8')).length, 13 * 200);
    assert.equal((await stat(join(archiveDir, 'scripts/run.sh'))).mode & 0o777, 0o755);
    assert.ok((await lstat(join(archiveDir, 'run'))).isSymbolicLink());
  });

  it('reports a corrupt zip as a bundle error and removes the archive directory', async () => {
    const { archiveDir, run } = await unpack(Buffer.from('not a zip at all'), 'zip');
    await assert.rejects(run, (err: unknown) => err instanceof BundleError && /Error extracting zip archive/.test(err.message));
    assert.equal(existsSync(archiveDir), false);
  });

  it('reports a truncated tgz as a bundle error', async () => {
    const whole = buildTar([{ name: 'a', body: 'x'.repeat(5000) }], { gzip: true });
    const { run } = await unpack(whole.subarray(0, whole.length - 20), 'tgz');
    await assert.rejects(run, (err: unknown) => err instanceof BundleError && /Error extracting tar archive/.test(err.message));
  });
});
