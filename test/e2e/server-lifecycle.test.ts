import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ListApplicationsCommand } from '@aws-sdk/client-codedeploy';
import { DIALECTS } from '../support/dialects.ts';
import { codeDeployClient } from '../support/sdk.ts';
import { startServerProcess } from '../support/server-process.ts';

for (const dialect of DIALECTS) {
  describe(`cutover server on ${dialect}`, () => {
    it('writes admin credentials that sign requests, and stops cleanly on SIGTERM', async (t) => {
      const server = await startServerProcess({ dialect });
      t.after(() => server.destroy());
      assert.match(server.output(), /data directory/);
      assert.match(server.credentials.accessKeyId, /^CKIA[A-Z0-9]{16}$/);
      const client = codeDeployClient(server.url, server.credentials);
      const out = await client.send(new ListApplicationsCommand({}));
      assert.deepEqual(out.applications, []);
      assert.equal(await server.stop('SIGTERM'), 0);
    });

    it('keeps the admin key and account across a restart', async (t) => {
      const first = await startServerProcess({ dialect });
      t.after(() => first.destroy());
      await first.stop('SIGINT');
      const second = await startServerProcess({ dataDir: first.dataDir, databaseUrl: first.databaseUrl });
      t.after(() => second.stop());
      assert.deepEqual(second.credentials, first.credentials);
      const out = await codeDeployClient(second.url, second.credentials).send(new ListApplicationsCommand({}));
      assert.deepEqual(out.applications, []);
    });
  });
}
