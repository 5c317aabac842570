import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DIALECTS, openTestStore } from '../../test/support/dialects.ts';
import { BundleObjectStore, keyOrder } from './bundle-objects.ts';

const NOW = 1_700_000_000_000;

async function objectsFor(t: { after(fn: () => Promise<void>): void }, dialect: (typeof DIALECTS)[number]) {
  const opened = await openTestStore(dialect, { now: () => NOW });
  t.after(() => opened.close());
  return new BundleObjectStore({ db: opened.store.db, clock: { now: () => NOW } });
}

function object(key: string, blobId: string) {
  return { bucket: 'bundles', key, blobId, size: 3, eTag: '"e"', contentType: 'binary/octet-stream', metadata: { a: '1' } };
}

for (const dialect of DIALECTS) {
  describe(`BundleObjectStore on ${dialect}`, () => {
    it('creates a bucket once, also when creates race, and deletes it only when empty', async (t) => {
      const objects = await objectsFor(t, dialect);
      const results = await Promise.all([1, 2, 3].map(() => objects.createBucket('bundles')));
      assert.deepEqual(results.sort(), ['created', 'exists', 'exists']);
      await objects.putObject(object('k', 'blob-1'));
      assert.equal(await objects.deleteBucket('bundles'), 'not-empty');
      assert.deepEqual(await objects.deleteObject('bundles', 'k'), { staleBlobIds: ['blob-1'] });
      assert.equal(await objects.deleteBucket('bundles'), 'deleted');
      assert.equal(await objects.deleteBucket('bundles'), 'missing');
    });

    it('replaces an object and hands back the blob it no longer refers to', async (t) => {
      const objects = await objectsFor(t, dialect);
      await objects.createBucket('bundles');
      assert.deepEqual((await objects.putObject(object('k', 'blob-1'))).staleBlobIds, []);
      assert.deepEqual((await objects.putObject(object('k', 'blob-2'))).staleBlobIds, ['blob-1']);
      assert.deepEqual(await objects.getObject('bundles', 'k'), { ...object('k', 'blob-2'), lastModified: new Date(NOW) });
      assert.deepEqual([...await objects.referencedBlobs(['blob-1', 'blob-2'])], ['blob-2']);
    });

    it('lists keys in binary UTF-8 order under a prefix, after a position', async (t) => {
      const objects = await objectsFor(t, dialect);
      await objects.createBucket('bundles');
      const keys = ['b', 'a/z', 'a/ä', 'a/B', 'a-', 'A', 'a/b/c'];
      for (const [i, key] of keys.entries()) await objects.putObject(object(key, `blob-${i}`));
      const list = async (prefix: string, after?: string) =>
        (await objects.listObjects({ bucket: 'bundles', prefix, limit: 10, ...(after ? { afterOrder: keyOrder(after) } : {}) })).map((o) => o.key);
      assert.deepEqual(await list(''), ['A', 'a-', 'a/B', 'a/b/c', 'a/z', 'a/ä', 'b']);
      assert.deepEqual(await list('a/'), ['a/B', 'a/b/c', 'a/z', 'a/ä']);
      assert.deepEqual(await list('a/', 'a/b/c'), ['a/z', 'a/ä']);
    });

    it('completes a multipart upload once: the parts and the replaced object become stale, a second completion finds nothing', async (t) => {
      const objects = await objectsFor(t, dialect);
      await objects.createBucket('bundles');
      await objects.putObject(object('k', 'old'));
      await objects.createUpload({ uploadId: 'u1', bucket: 'bundles', key: 'k', contentType: 'application/zip', metadata: {} });
      assert.equal((await objects.putPart('u1', { partNumber: 1, blobId: 'p1', size: 5, eTag: '"x"' })).result, 'stored');
      assert.deepEqual((await objects.putPart('u1', { partNumber: 1, blobId: 'p1b', size: 5, eTag: '"y"' })).staleBlobIds, ['p1']);
      await objects.putPart('u1', { partNumber: 2, blobId: 'p2', size: 1, eTag: '"z"' });
      assert.deepEqual((await objects.listParts('u1')).map((p) => p.blobId), ['p1b', 'p2']);
      const done = await objects.completeUpload('u1', { ...object('k', 'whole'), contentType: 'application/zip' });
      assert.equal(done.result, 'completed');
      assert.deepEqual(done.staleBlobIds.sort(), ['old', 'p1b', 'p2']);
      assert.equal((await objects.getObject('bundles', 'k'))?.blobId, 'whole');
      assert.deepEqual(await objects.completeUpload('u1', object('k', 'again')), { result: 'missing', staleBlobIds: ['again'], lastModified: new Date(NOW) });
      assert.equal((await objects.putPart('u1', { partNumber: 3, blobId: 'late', size: 1, eTag: '"l"' })).result, 'missing');
    });

    it('aborts an upload with its parts', async (t) => {
      const objects = await objectsFor(t, dialect);
      await objects.createUpload({ uploadId: 'u2', bucket: 'bundles', key: 'k', contentType: 'x', metadata: {} });
      await objects.putPart('u2', { partNumber: 1, blobId: 'p1', size: 1, eTag: '"x"' });
      assert.deepEqual(await objects.abortUpload('u2'), { result: 'aborted', staleBlobIds: ['p1'] });
      assert.equal(await objects.getUpload('u2'), undefined);
      assert.equal((await objects.abortUpload('u2')).result, 'missing');
    });
  });
}
