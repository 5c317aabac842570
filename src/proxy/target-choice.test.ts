import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ProxyAdminClient } from '../client/proxy-admin-client.ts';
import { startProxy } from './start-proxy.ts';

describe('choosing where a request goes', () => {
  it('keeps traffic off a weighted group whose targets have not passed a check while another group is healthy', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'cutover-proxy-choice-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const backend = createServer((_req, res) => res.end('blue'));
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
    t.after(() => backend.close());
    const proxy = await startProxy({ dataDir: dir, adminPort: 0 });
    t.after(() => proxy.close());
    const client = new ProxyAdminClient({ url: proxy.adminUrl, token: proxy.adminToken });
    await client.putTargetGroup('blue', { healthCheck: { intervalSeconds: 0.05, healthyThreshold: 1 } });
    await client.registerTargets('blue', [`127.0.0.1:${(backend.address() as AddressInfo).port}`]);
    // green's only target refuses connections; with a 60 s interval it stays `initial`.
    await client.putTargetGroup('green', { healthCheck: { intervalSeconds: 60 } });
    await client.registerTargets('green', ['127.0.0.1:9']);
    const web = await client.putListener('web', { port: 0, host: '127.0.0.1', defaultAction: { forward: { targetGroups: [{ name: 'blue', weight: 50 }, { name: 'green', weight: 50 }] } } });
    const deadline = Date.now() + 10_000;
    while ((await client.getTargetGroup('blue')).targets[0]?.state !== 'healthy') {
      assert.ok(Date.now() < deadline, 'blue never became healthy');
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal((await client.getTargetGroup('green')).targets[0]?.state, 'initial');
    for (let i = 0; i < 10; i++) {
      const answer = await fetch(`http://127.0.0.1:${web.port}/`);
      assert.equal(answer.status, 200);
      assert.equal(await answer.text(), 'blue');
    }
  });
});
