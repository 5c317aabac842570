import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, openTestStore } from '../../test/support/dialects.ts';
import type { Store } from './store.ts';

const SESSION = 'arn:aws:sts::123456789012:assumed-role/fleet/host';

async function storeFor(t: { after(fn: () => Promise<void>): void }, dialect: (typeof DIALECTS)[number]) {
  let now = 1_000;
  const opened = await openTestStore(dialect, { now: () => now });
  t.after(() => opened.close());
  return { store: opened.store, advance: (ms: number) => { now += ms; } };
}

function register(store: Store, instanceName: string, arns: { iamSessionArn?: string; iamUserArn?: string } = {}) {
  return store.instances.register({ instanceName, instanceArn: `arn:aws:codedeploy:us-east-1:123456789012:instance/${instanceName}`, ...arns });
}

for (const dialect of DIALECTS) {
  describe(`InstanceStore on ${dialect}`, () => {
    it('registers an instance and reads it back with its register time', async (t) => {
      const { store } = await storeFor(t, dialect);
      assert.equal(await register(store, 'host-1', { iamSessionArn: SESSION }), 'registered');
      assert.deepEqual(await store.instances.get('host-1'), {
        instanceName: 'host-1', instanceArn: 'arn:aws:codedeploy:us-east-1:123456789012:instance/host-1',
        iamSessionArn: SESSION, iamUserArn: undefined, registerTime: 1_000, deregisterTime: undefined, tags: [],
      });
      assert.equal(await store.instances.get('missing'), undefined);
    });

    it('refuses a taken name, even after deregistration', async (t) => {
      const { store } = await storeFor(t, dialect);
      await register(store, 'host-1', { iamUserArn: 'arn:aws:iam::123456789012:user/a' });
      assert.equal(await register(store, 'host-1', { iamUserArn: 'arn:aws:iam::123456789012:user/b' }), 'nameTaken');
      await store.instances.deregister('host-1');
      assert.equal(await register(store, 'host-1', { iamUserArn: 'arn:aws:iam::123456789012:user/b' }), 'nameTaken');
    });

    it('refuses an IAM ARN that backs a registered instance, and frees it on deregistration', async (t) => {
      const { store } = await storeFor(t, dialect);
      await register(store, 'host-1', { iamSessionArn: SESSION });
      await register(store, 'host-2', { iamUserArn: 'arn:aws:iam::123456789012:user/a' });
      assert.equal(await register(store, 'host-3', { iamSessionArn: SESSION }), 'iamSessionArnTaken');
      assert.equal(await register(store, 'host-3', { iamUserArn: 'arn:aws:iam::123456789012:user/a' }), 'iamUserArnTaken');
      await store.instances.deregister('host-1');
      assert.equal(await register(store, 'host-3', { iamSessionArn: SESSION }), 'registered');
    });

    it('keeps a deregistered instance with its first deregister time', async (t) => {
      const { store, advance } = await storeFor(t, dialect);
      await register(store, 'host-1', { iamSessionArn: SESSION });
      advance(500);
      assert.equal(await store.instances.deregister('host-1'), true);
      advance(500);
      assert.equal(await store.instances.deregister('host-1'), true);
      assert.equal((await store.instances.get('host-1'))?.deregisterTime, 1_500);
      assert.equal(await store.instances.deregister('missing'), false);
    });

    it('lists only registered instances, with their tags, as the deployable fleet', async (t) => {
      const { store } = await storeFor(t, dialect);
      await register(store, 'b', { iamSessionArn: `${SESSION}-b` });
      await register(store, 'a', { iamUserArn: 'arn:aws:iam::123456789012:user/a' });
      await register(store, 'gone', { iamSessionArn: `${SESSION}-gone` });
      await store.instances.addTags({ instanceNames: ['a'], tags: [{ Key: 'role', Value: 'web' }], maxTags: 10 });
      await store.instances.deregister('gone');
      assert.deepEqual(await store.instances.listRegistered(), [
        { instanceName: 'a', instanceArn: 'arn:aws:codedeploy:us-east-1:123456789012:instance/a', iamSessionArn: undefined,
          iamUserArn: 'arn:aws:iam::123456789012:user/a', tags: [{ Key: 'role', Value: 'web' }] },
        { instanceName: 'b', instanceArn: 'arn:aws:codedeploy:us-east-1:123456789012:instance/b', iamSessionArn: `${SESSION}-b`,
          iamUserArn: undefined, tags: [] },
      ]);
    });

    it('batch-gets the named instances and skips unknown names', async (t) => {
      const { store } = await storeFor(t, dialect);
      await register(store, 'a', { iamSessionArn: `${SESSION}-a` });
      await register(store, 'b', { iamSessionArn: `${SESSION}-b` });
      const found = await store.instances.batchGet(['b', 'nope', 'a']);
      assert.deepEqual(found.map((i) => i.instanceName), ['a', 'b']);
    });

    it('adds tags, overwriting by key, and enforces the per-instance limit all or nothing', async (t) => {
      const { store } = await storeFor(t, dialect);
      await register(store, 'a', { iamSessionArn: `${SESSION}-a` });
      await register(store, 'b', { iamSessionArn: `${SESSION}-b` });
      await store.instances.addTags({ instanceNames: ['a'], tags: [{ Key: 'k1', Value: '1' }, { Key: 'k2', Value: '2' }], maxTags: 3 });
      await store.instances.addTags({ instanceNames: ['a', 'b'], tags: [{ Key: 'k1', Value: 'one' }], maxTags: 3 });
      assert.deepEqual((await store.instances.get('a'))?.tags, [{ Key: 'k1', Value: 'one' }, { Key: 'k2', Value: '2' }]);
      const outcome = await store.instances.addTags({ instanceNames: ['b', 'a'], tags: [{ Key: 'k3', Value: '3' }, { Key: 'k4', Value: '4' }], maxTags: 3 });
      assert.deepEqual(outcome, { ok: false, overLimit: 'a' });
      assert.deepEqual((await store.instances.get('b'))?.tags, [{ Key: 'k1', Value: 'one' }]);
    });

    it('refuses tag changes on unknown or deregistered instances', async (t) => {
      const { store } = await storeFor(t, dialect);
      await register(store, 'a', { iamSessionArn: `${SESSION}-a` });
      await register(store, 'gone', { iamSessionArn: `${SESSION}-gone` });
      await store.instances.deregister('gone');
      const tags = [{ Key: 'k', Value: 'v' }];
      assert.deepEqual(await store.instances.addTags({ instanceNames: ['a', 'gone', 'nope'], tags, maxTags: 10 }),
        { ok: false, notRegistered: ['gone', 'nope'] });
      assert.deepEqual(await store.instances.removeTags({ instanceNames: ['nope'], tags }), { ok: false, notRegistered: ['nope'] });
      assert.deepEqual((await store.instances.get('a'))?.tags, []);
    });

    it('removes tags by key, and by value too when one is given', async (t) => {
      const { store } = await storeFor(t, dialect);
      await register(store, 'a', { iamSessionArn: `${SESSION}-a` });
      const tags = [{ Key: 'k1', Value: '1' }, { Key: 'k2', Value: '2' }, { Key: 'k3', Value: '3' }];
      await store.instances.addTags({ instanceNames: ['a'], tags, maxTags: 10 });
      await store.instances.removeTags({ instanceNames: ['a'], tags: [{ Key: 'k1' }, { Key: 'k2', Value: 'other' }, { Key: 'k3', Value: '3' }] });
      assert.deepEqual((await store.instances.get('a'))?.tags, [{ Key: 'k2', Value: '2' }]);
    });

    it('lists names in order, filtered by status and tag filters, from a position', async (t) => {
      const { store } = await storeFor(t, dialect);
      for (const name of ['d', 'c', 'b', 'a']) await register(store, name, { iamSessionArn: `${SESSION}-${name}` });
      await store.instances.addTags({ instanceNames: ['a', 'c'], tags: [{ Key: 'env', Value: 'prod' }], maxTags: 10 });
      await store.instances.deregister('c');
      await store.instances.addTags({ instanceNames: ['d'], tags: [{ Key: 'role', Value: 'db' }], maxTags: 10 });
      assert.deepEqual(await store.instances.list({ limit: 10 }), ['a', 'b', 'c', 'd']);
      assert.deepEqual(await store.instances.list({ limit: 2, after: 'a' }), ['b', 'c']);
      assert.deepEqual(await store.instances.list({ limit: 10, registrationStatus: 'Registered' }), ['a', 'b', 'd']);
      assert.deepEqual(await store.instances.list({ limit: 10, registrationStatus: 'Deregistered' }), ['c']);
      const tagFilters = [{ Key: 'env', Value: 'prod', Type: 'KEY_AND_VALUE' }, { Value: 'db', Type: 'VALUE_ONLY' }];
      assert.deepEqual(await store.instances.list({ limit: 10, tagFilters }), ['a', 'c', 'd']);
      assert.deepEqual(await store.instances.list({ limit: 1, after: 'a', tagFilters, registrationStatus: 'Registered' }), ['d']);
    });
  });
}
