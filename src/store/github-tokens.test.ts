import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DIALECTS, openTestStore } from '../../test/support/dialects.ts';

for (const dialect of DIALECTS) {
  describe(`GitHubTokenStore on ${dialect}`, () => {
    it('adds names once, pages them sorted and deletes them', async (t) => {
      const opened = await openTestStore(dialect);
      t.after(() => opened.close());
      const tokens = opened.store.gitHubTokens;
      for (const name of ['b', 'a', 'c', 'a']) await tokens.add(name);
      assert.deepEqual(await tokens.listNames({ limit: 2 }), ['a', 'b']);
      assert.deepEqual(await tokens.listNames({ after: 'b', limit: 2 }), ['c']);
      assert.equal(await tokens.delete('b'), true);
      assert.equal(await tokens.delete('b'), false);
      assert.deepEqual(await tokens.listNames({ limit: 10 }), ['a', 'c']);
    });
  });
}
