import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startTrafficRouter, trafficRouterSettingsOf } from './traffic-router-setup.ts';

describe('trafficRouterSettingsOf', () => {
  it('chooses no router by default', () => {
    assert.deepEqual(trafficRouterSettingsOf({ trafficRouter: 'none' }), { kind: 'none' });
  });

  it('reads an external proxy\'s token from its file', (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'cutover-token-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'admin-token'), 'secret-token\n');
    assert.deepEqual(trafficRouterSettingsOf({ trafficRouter: 'proxy', proxyAdminUrl: 'http://10.0.0.2:8790', proxyAdminTokenFile: join(dir, 'admin-token') }),
      { kind: 'proxy', adminUrl: 'http://10.0.0.2:8790', token: 'secret-token' });
  });

  it('takes --embedded-proxy as the proxy router, with or without --traffic-router proxy', () => {
    assert.deepEqual(trafficRouterSettingsOf({ trafficRouter: 'none', embeddedProxy: true, proxyAdminPort: 0 }), { kind: 'embedded-proxy', adminPort: 0, configFile: undefined });
    assert.equal(trafficRouterSettingsOf({ trafficRouter: 'proxy', embeddedProxy: true }).kind, 'embedded-proxy');
  });

  it('refuses incomplete or contradictory flags with a message naming the missing flag', () => {
    assert.throws(() => trafficRouterSettingsOf({ trafficRouter: 'proxy' }), /--proxy-admin-url/);
    assert.throws(() => trafficRouterSettingsOf({ trafficRouter: 'proxy', proxyAdminUrl: 'http://x:1' }), /--proxy-admin-token-file/);
    assert.throws(() => trafficRouterSettingsOf({ trafficRouter: 'haproxy' }), /--haproxy-socket/);
    assert.throws(() => trafficRouterSettingsOf({ trafficRouter: 'haproxy', embeddedProxy: true }), /cannot go with --traffic-router haproxy/);
  });
});

describe('startTrafficRouter', () => {
  it('starts the embedded proxy under <data-dir>/proxy and stops it on close', async (t) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cutover-embedded-'));
    t.after(() => rmSync(dataDir, { recursive: true, force: true }));
    const handle = await startTrafficRouter({ kind: 'embedded-proxy', adminPort: 0 }, dataDir);
    try {
      assert.match(handle.description, /^cutover proxy \(embedded\) at http:\/\/127\.0\.0\.1:\d+, token in .*\/proxy\/admin-token$/);
      const answer = await fetch(`${handle.embeddedProxy!.adminUrl}/v1/target-groups`, { headers: { authorization: `Bearer ${handle.embeddedProxy!.adminToken}` } });
      assert.deepEqual(await answer.json(), { targetGroups: [] });
    } finally {
      await handle.close();
    }
    await assert.rejects(fetch(`${handle.embeddedProxy!.adminUrl}/healthz`));
  });

  it('names the router in use, or none', async () => {
    assert.match((await startTrafficRouter(undefined, '/nonexistent')).description, /^none/);
    assert.equal((await startTrafficRouter({ kind: 'haproxy', socket: '/run/haproxy/admin.sock' }, '/nonexistent')).description, 'HAProxy at /run/haproxy/admin.sock');
  });
});
