import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ProxyAdminClient } from '../client/proxy-admin-client.ts';
import { startProxy } from './start-proxy.ts';

describe('a TLS listener', () => {
  it('serves HTTPS with the given certificate and tells the target X-Forwarded-Proto: https', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'cutover-proxy-tls-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const certFile = join(dir, 'cert.pem');
    const keyFile = join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1', '-keyout', keyFile, '-out', certFile], { stdio: 'ignore' });
    const backend = createServer((req, res) => res.end(String(req.headers['x-forwarded-proto'])));
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
    t.after(() => backend.close());
    const proxy = await startProxy({ dataDir: join(dir, 'data'), adminPort: 0 });
    t.after(() => proxy.close());
    const client = new ProxyAdminClient({ url: proxy.adminUrl, token: proxy.adminToken });
    await client.putTargetGroup('app');
    await client.registerTargets('app', [`127.0.0.1:${(backend.address() as AddressInfo).port}`]);
    const listener = await client.putListener('secure', {
      port: 0, host: '127.0.0.1', tls: { certFile, keyFile }, defaultAction: { forward: { targetGroups: [{ name: 'app', weight: 100 }] } },
    });
    assert.deepEqual(listener.tls, { certFile, keyFile });
    const body = await new Promise<string>((resolve, reject) => {
      request({ host: '127.0.0.1', port: listener.port, path: '/', rejectUnauthorized: false }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c)).on('end', () => resolve(text));
      }).on('error', reject).end();
    });
    assert.equal(body, 'https');
    const missing = await client.putListener('broken', { port: 0, tls: { certFile: join(dir, 'nope.pem'), keyFile }, defaultAction: { forward: { targetGroups: [{ name: 'app', weight: 100 }] } } })
      .then(() => undefined, (e: { code?: string }) => e.code);
    assert.equal(missing, 'BadRequest');
  });
});
