import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DIALECTS, openTestStore } from '../../test/support/dialects.ts';
import { applicationTagKey, deploymentConfigTagKey, deploymentGroupTagKey } from './resource-tags.ts';

async function storeFor(t: { after(fn: () => Promise<void>): void }, dialect: (typeof DIALECTS)[number]) {
  const opened = await openTestStore(dialect);
  t.after(() => opened.close());
  return opened.store;
}

for (const dialect of DIALECTS) {
  describe(`ResourceTagStore on ${dialect}`, () => {
    it('keys tags by resource kind and name, without region or account', () => {
      assert.equal(applicationTagKey('web'), 'application:web');
      assert.equal(deploymentGroupTagKey('web', 'prod'), 'deploymentgroup:web/prod');
      assert.equal(deploymentConfigTagKey('c'), 'deploymentconfig:c');
    });

    it('adds, overwrites and removes tags, keeping resources apart', async (t) => {
      const store = await storeFor(t, dialect);
      assert.equal(await store.resourceTags.tag('application:a', [{ Key: 'k', Value: '1' }, { Key: 'j', Value: '2' }]), 'tagged');
      await store.resourceTags.tag('application:b', [{ Key: 'k', Value: 'other' }]);
      await store.resourceTags.tag('application:a', [{ Key: 'k', Value: '3' }, { Key: 'k', Value: '4' }]);
      assert.deepEqual(await store.resourceTags.list('application:a'), [{ Key: 'j', Value: '2' }, { Key: 'k', Value: '4' }]);
      await store.resourceTags.untag('application:a', ['k', 'missing']);
      assert.deepEqual(await store.resourceTags.list('application:a'), [{ Key: 'j', Value: '2' }]);
      await store.resourceTags.deleteAll('application:a');
      assert.deepEqual(await store.resourceTags.list('application:a'), []);
      assert.deepEqual(await store.resourceTags.list('application:b'), [{ Key: 'k', Value: 'other' }]);
    });

    it('refuses, and changes nothing, when a resource would carry more than 50 tags', async (t) => {
      const store = await storeFor(t, dialect);
      const many = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: '' }));
      assert.equal(await store.resourceTags.tag('application:a', many), 'tagged');
      assert.equal(await store.resourceTags.tag('application:a', [{ Key: 'k0', Value: 'x' }, { Key: 'new', Value: 'y' }]), 'limit');
      const tags = await store.resourceTags.list('application:a');
      assert.equal(tags.length, 50);
      assert.equal(tags.find((t) => t.Key === 'k0')?.Value, '');
      assert.equal(await store.resourceTags.tag('application:a', [{ Key: 'k0', Value: 'x' }]), 'tagged');
    });
  });
}
