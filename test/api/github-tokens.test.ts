import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DeleteGitHubAccountTokenCommand, ListGitHubAccountTokenNamesCommand } from '@aws-sdk/client-codedeploy';
import { DIALECTS } from '../support/dialects.ts';
import { startTestApi } from '../support/in-process-server.ts';

for (const dialect of DIALECTS) {
  describe(`GitHub account tokens on ${dialect}`, () => {
    it('lists no tokens on a new installation', async (t) => {
      const api = await startTestApi(dialect);
      t.after(() => api.close());
      const out = await api.client.send(new ListGitHubAccountTokenNamesCommand({}));
      assert.deepEqual(out.tokenNameList, []);
      assert.equal(out.nextToken, undefined);
    });

    it('lists token names sorted over pages and deletes them by name', async (t) => {
      const api = await startTestApi(dialect);
      t.after(() => api.close());
      const names = Array.from({ length: 130 }, (_, i) => `gh-${String(i).padStart(3, '0')}`);
      for (const name of [...names].reverse()) await api.store.gitHubTokens.add(name);
      await api.store.gitHubTokens.add('gh-000');
      const first = await api.client.send(new ListGitHubAccountTokenNamesCommand({}));
      assert.equal(first.tokenNameList!.length, 100);
      const second = await api.client.send(new ListGitHubAccountTokenNamesCommand({ nextToken: first.nextToken }));
      assert.equal(second.nextToken, undefined);
      assert.deepEqual([...first.tokenNameList!, ...second.tokenNameList!], names);

      const deleted = await api.client.send(new DeleteGitHubAccountTokenCommand({ tokenName: 'gh-042' }));
      assert.equal(deleted.tokenName, 'gh-042');
      const after = await api.client.send(new ListGitHubAccountTokenNamesCommand({}));
      assert.equal(after.tokenNameList!.includes('gh-042'), false);
    });

    it('refuses missing, malformed and unknown token names', async (t) => {
      const api = await startTestApi(dialect);
      t.after(() => api.close());
      await assert.rejects(api.client.send(new DeleteGitHubAccountTokenCommand({})), { name: 'GitHubAccountTokenNameRequiredException' });
      await assert.rejects(api.client.send(new DeleteGitHubAccountTokenCommand({ tokenName: 'no such' })), { name: 'InvalidGitHubAccountTokenNameException' });
      await assert.rejects(api.client.send(new DeleteGitHubAccountTokenCommand({ tokenName: 'nobody' })), { name: 'GitHubAccountTokenDoesNotExistException' });
      await assert.rejects(api.client.send(new ListGitHubAccountTokenNamesCommand({ nextToken: '!!' })), { name: 'InvalidNextTokenException' });
    });
  });
}
