import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, openTestStore } from '../../test/support/dialects.ts';
import type { RevisionLocation } from '../core/revision.ts';

function s3(key: string, bucket = 'bucket'): RevisionLocation {
  return { revisionType: 'S3', s3Location: { bucket, key, bundleType: 'zip' } };
}

const GITHUB: RevisionLocation = { revisionType: 'GitHub', gitHubLocation: { repository: 'owner/repo', commitId: 'abc123' } };

async function storeFor(t: { after(fn: () => Promise<void>): void }, dialect: (typeof DIALECTS)[number]) {
  let now = 10_000;
  const opened = await openTestStore(dialect, { now: () => now });
  t.after(() => opened.close());
  return { store: opened.store, setNow: (ms: number) => { now = ms; } };
}

for (const dialect of DIALECTS) {
  describe(`RevisionStore on ${dialect}`, () => {
    it('registers a revision with its description and register time', async (t) => {
      const { store } = await storeFor(t, dialect);
      await store.revisions.register({ applicationName: 'app', revision: s3('v1.zip'), description: 'first' });
      assert.deepEqual(await store.revisions.get('app', s3('v1.zip')), {
        applicationName: 'app', revision: s3('v1.zip'), description: 'first', deploymentGroups: [],
        registerTime: 10_000, firstUsedTime: undefined, lastUsedTime: undefined,
      });
      assert.equal(await store.revisions.get('other-app', s3('v1.zip')), undefined);
      assert.equal(await store.revisions.get('app', s3('v2.zip')), undefined);
    });

    it('finds a revision however its location was sent', async (t) => {
      const { store } = await storeFor(t, dialect);
      await store.revisions.register({ applicationName: 'app', revision: GITHUB });
      const found = await store.revisions.get('app', { gitHubLocation: { commitId: 'abc123', repository: 'owner/repo' } });
      assert.deepEqual(found?.revision, GITHUB);
    });

    it('updates the description on re-registration and keeps the register time', async (t) => {
      const { store, setNow } = await storeFor(t, dialect);
      await store.revisions.register({ applicationName: 'app', revision: GITHUB, description: 'old' });
      setNow(20_000);
      await store.revisions.register({ applicationName: 'app', revision: GITHUB, description: 'new' });
      await store.revisions.register({ applicationName: 'app', revision: GITHUB });
      const found = await store.revisions.get('app', GITHUB);
      assert.equal(found?.description, 'new');
      assert.equal(found?.registerTime, 10_000);
    });

    it('records uses: registers if absent, sets first use once, moves last use, collects groups', async (t) => {
      const { store } = await storeFor(t, dialect);
      await store.revisions.recordUse({ applicationName: 'app', revision: s3('v1.zip'), deploymentGroupName: 'blue', time: 50_000 });
      await store.revisions.recordUse({ applicationName: 'app', revision: s3('v1.zip'), deploymentGroupName: 'green', time: new Date(70_000) });
      await store.revisions.recordUse({ applicationName: 'app', revision: s3('v1.zip'), deploymentGroupName: 'blue', time: 60_000 });
      assert.deepEqual(await store.revisions.get('app', s3('v1.zip')), {
        applicationName: 'app', revision: s3('v1.zip'), description: undefined, deploymentGroups: ['blue', 'green'],
        registerTime: 50_000, firstUsedTime: 50_000, lastUsedTime: 70_000,
      });
    });

    it('records concurrent uses by different groups without losing one', async (t) => {
      const { store } = await storeFor(t, dialect);
      await store.revisions.register({ applicationName: 'app', revision: GITHUB });
      const groups = ['g1', 'g2', 'g3', 'g4', 'g5'];
      await Promise.all(groups.map((g, i) => store.revisions.recordUse({ applicationName: 'app', revision: GITHUB, deploymentGroupName: g, time: 11_000 + i })));
      const found = await store.revisions.get('app', GITHUB);
      assert.deepEqual([...found!.deploymentGroups].sort(), groups);
      assert.equal(found?.lastUsedTime, 11_004);
    });

    it('batch-gets revisions in request order with undefined for unknown ones', async (t) => {
      const { store } = await storeFor(t, dialect);
      await store.revisions.register({ applicationName: 'app', revision: s3('a') });
      await store.revisions.register({ applicationName: 'app', revision: GITHUB });
      const found = await store.revisions.batchGet('app', [GITHUB, s3('nope'), s3('a')]);
      assert.deepEqual(found.map((r) => r?.revision), [GITHUB, undefined, s3('a')]);
    });

    it('lists by register time in either order, paging from a position', async (t) => {
      const { store, setNow } = await storeFor(t, dialect);
      for (const [i, key] of ['c', 'a', 'b'].entries()) {
        setNow(1_000 * (i + 1));
        await store.revisions.register({ applicationName: 'app', revision: s3(key) });
      }
      const keys = (rows: { revision: RevisionLocation }[]) => rows.map((r) => r.revision.s3Location?.key);
      assert.deepEqual(keys(await store.revisions.list({ applicationName: 'app', limit: 10 })), ['c', 'a', 'b']);
      const desc = await store.revisions.list({ applicationName: 'app', sortOrder: 'descending', limit: 2 });
      assert.deepEqual(keys(desc), ['b', 'a']);
      const rest = await store.revisions.list({ applicationName: 'app', sortOrder: 'descending', limit: 2, after: desc[1]!.position });
      assert.deepEqual(keys(rest), ['c']);
    });

    it('sorts by use times with unused revisions as oldest, breaking ties by key', async (t) => {
      const { store } = await storeFor(t, dialect);
      for (const key of ['x', 'y', 'unused-2', 'unused-1']) await store.revisions.register({ applicationName: 'app', revision: s3(key) });
      await store.revisions.recordUse({ applicationName: 'app', revision: s3('y'), deploymentGroupName: 'g', time: 30_000 });
      await store.revisions.recordUse({ applicationName: 'app', revision: s3('x'), deploymentGroupName: 'g', time: 40_000 });
      await store.revisions.recordUse({ applicationName: 'app', revision: s3('y'), deploymentGroupName: 'g', time: 50_000 });
      const keys = async (sortBy: 'firstUsedTime' | 'lastUsedTime', sortOrder: 'ascending' | 'descending') =>
        (await store.revisions.list({ applicationName: 'app', sortBy, sortOrder, limit: 10 })).map((r) => r.revision.s3Location?.key);
      assert.deepEqual(await keys('firstUsedTime', 'ascending'), ['unused-1', 'unused-2', 'y', 'x']);
      assert.deepEqual(await keys('lastUsedTime', 'descending'), ['y', 'x', 'unused-2', 'unused-1']);
      const page1 = await store.revisions.list({ applicationName: 'app', sortBy: 'firstUsedTime', limit: 1 });
      const page2 = await store.revisions.list({ applicationName: 'app', sortBy: 'firstUsedTime', limit: 2, after: page1[0]!.position });
      assert.deepEqual(page2.map((r) => r.revision.s3Location?.key), ['unused-2', 'y']);
    });

    it('filters by deployed state', async (t) => {
      const { store } = await storeFor(t, dialect);
      await store.revisions.register({ applicationName: 'app', revision: s3('unused') });
      await store.revisions.recordUse({ applicationName: 'app', revision: s3('used'), deploymentGroupName: 'g', time: 1 });
      const keys = async (deployed: 'include' | 'exclude' | 'ignore') =>
        (await store.revisions.list({ applicationName: 'app', deployed, limit: 10 })).map((r) => r.revision.s3Location?.key).sort();
      assert.deepEqual(await keys('include'), ['used']);
      assert.deepEqual(await keys('exclude'), ['unused']);
      assert.deepEqual(await keys('ignore'), ['unused', 'used']);
    });

    it('filters by S3 bucket and case-sensitive key prefix', async (t) => {
      const { store } = await storeFor(t, dialect);
      for (const revision of [s3('app/v1.zip'), s3('app/v2.zip'), s3('App/v3.zip'), s3('other/v1.zip'), s3('app/v9.zip', 'bucket-2'), GITHUB]) {
        await store.revisions.register({ applicationName: 'app', revision });
      }
      const list = async (s3Bucket: string, s3KeyPrefix?: string) =>
        (await store.revisions.list({ applicationName: 'app', s3Bucket, s3KeyPrefix, limit: 10 })).map((r) => r.revision.s3Location?.key).sort();
      assert.deepEqual(await list('bucket'), ['App/v3.zip', 'app/v1.zip', 'app/v2.zip', 'other/v1.zip']);
      assert.deepEqual(await list('bucket', 'app/'), ['app/v1.zip', 'app/v2.zip']);
      assert.deepEqual(await list('bucket-2', 'app/'), ['app/v9.zip']);
      assert.deepEqual(await list('buck'), []);
    });

    it('keeps the revisions of different applications apart', async (t) => {
      const { store } = await storeFor(t, dialect);
      await store.revisions.register({ applicationName: 'one', revision: GITHUB, description: 'one' });
      await store.revisions.register({ applicationName: 'two', revision: GITHUB, description: 'two' });
      assert.equal((await store.revisions.get('one', GITHUB))?.description, 'one');
      assert.equal((await store.revisions.get('two', GITHUB))?.description, 'two');
      assert.equal((await store.revisions.list({ applicationName: 'one', limit: 10 })).length, 1);
    });
  });
}
