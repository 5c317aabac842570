import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { describe, it } from 'node:test';
import { BlobDir } from './blob-dir.ts';

function scratch(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'cutover-blobs-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('BlobDir', () => {
  it('writes a blob through its steps and reads it back whole or by range', async (t) => {
    const blobs = new BlobDir({ root: scratch(t) });
    await blobs.open(async () => new Set());
    const upper = new Transform({ transform: (c: Buffer, _e, done) => done(null, Buffer.from(c.toString().toUpperCase())) });
    const blob = await blobs.write(Readable.from([Buffer.from('hello '), Buffer.from('blobs')]), [upper]);
    assert.equal(blob.size, 11);
    const read = async (range?: { start: number; end: number }) => Buffer.concat(await (await blobs.read(blob.blobId, range)).toArray()).toString();
    assert.equal(await read(), 'HELLO BLOBS');
    assert.equal(await read({ start: 6, end: 8 }), 'BLO');
    const joined = await blobs.concat([blob.blobId, blob.blobId]);
    assert.equal(Buffer.concat(await (await blobs.read(joined.blobId)).toArray()).toString(), 'HELLO BLOBSHELLO BLOBS');
  });

  it('leaves no file when a write fails midway', async (t) => {
    const root = scratch(t);
    const blobs = new BlobDir({ root });
    await blobs.open(async () => new Set());
    const failing = new Transform({
      transform(chunk: Buffer, _e, done) {
        done(chunk.toString() === 'bad' ? new Error('check failed') : null, chunk);
      },
    });
    await assert.rejects(blobs.write(Readable.from([Buffer.from('good'), Buffer.from('bad')]), [failing]), /check failed/);
    assert.deepEqual(readdirSync(root), []);
  });

  it('at start-up, removes temporary files and blobs no row refers to, and keeps the rest', async (t) => {
    const root = scratch(t);
    const kept = '11111111-1111-4111-8111-111111111111';
    const orphan = '22222222-2222-4222-8222-222222222222';
    for (const name of [kept, orphan, `.tmp-${orphan}`]) writeFileSync(join(root, name), 'x');
    const blobs = new BlobDir({ root });
    await blobs.open(async (ids) => new Set(ids.filter((id) => id === kept)));
    assert.deepEqual(readdirSync(root), [kept]);
  });
});
