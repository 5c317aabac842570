import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Listener } from '../../../src/core/proxy-admin.ts';
import { ProxyRouter } from '../../../src/engine/traffic/proxy-router.ts';
import { freePort } from '../../support/haproxy.ts';
import { runLoad, startTestBackend } from '../../support/load-generator.ts';
import { startProxyProcess, type ProxyProcess } from '../../support/proxy-process.ts';
import { assertFailure, fetchText, waitFor, waitForState } from '../../support/router-assertions.ts';

const HEALTH = { path: '/', intervalSeconds: 0.2, timeoutSeconds: 1, healthyThreshold: 2, unhealthyThreshold: 2 };

describe('ProxyRouter against a real cutover proxy process', () => {
  // One process for the file (starting one takes seconds on a busy machine); each test gets
  // its own target groups and listener.
  let proxy: ProxyProcess;
  before(async () => (proxy = await startProxyProcess()));
  after(() => proxy?.stop());
  let tests = 0;
  const setUp = () => setUpGroups(proxy, ++tests);

  it('registers a target as initial, then healthy once its checks pass, and traffic reaches it', async (t) => {
    const { router, port, blue } = await setUp();
    const backend = await startTestBackend('blue-1');
    t.after(() => backend.close());

    await router.register(blue, [{ instanceName: 'host-1', address: backend.address }]);
    assert.deepEqual(await router.describe(blue), [{ instanceName: 'host-1', address: backend.address, state: 'initial' }]);
    await waitForState(router, blue, backend.address, 'healthy');
    const summary = await runLoad({ url: `http://127.0.0.1:${port}/`, count: 50, ratePerSecond: 500 });
    assert.deepEqual(summary.byBody, { 'blue-1': 50 }, JSON.stringify(summary.failures.slice(0, 3)));
  });

  it('reports a target whose checks fail as unhealthy', async () => {
    const { router, blue } = await setUp();
    await router.register(blue, [{ instanceName: 'host-1', address: '127.0.0.1:9' }]);
    await waitForState(router, blue, '127.0.0.1:9', 'unhealthy');
  });

  it('drains a deregistered target while a request is in flight, then it is absent', async (t) => {
    const { router, port, blue } = await setUp();
    const backend = await startTestBackend('blue-1');
    t.after(() => backend.close());
    await router.register(blue, [{ instanceName: 'host-1', address: backend.address }]);
    await waitForState(router, blue, backend.address, 'healthy');

    const slow = fetchText(`http://127.0.0.1:${port}/slow?ms=800`);
    await waitFor(async () => backend.inFlight() > 0, 'the slow request to be in flight');
    await router.deregister(blue, [{ instanceName: 'host-1', address: backend.address }]);
    assert.equal((await router.describe(blue))[0]?.state, 'draining');
    assert.equal(await slow, 'blue-1');
    await waitFor(async () => (await router.describe(blue)).length === 0, 'the drained target to be gone');
  });

  it('sets weights and reads back the split the proxy applies', async () => {
    const { router, blue, green, web } = await setUp();
    assert.deepEqual(withoutZeros(await router.getWeights(web)), { [blue]: 100 });
    await router.setWeights(web, { [blue]: 90, [green]: 10 });
    assert.deepEqual(withoutZeros(await router.getWeights(web)), { [blue]: 90, [green]: 10 });
    await router.setWeights(web, { [green]: 100 });
    assert.deepEqual(withoutZeros(await router.getWeights(web)), { [green]: 100 });
  });

  it('fails with REFUSED on a wrong token or bad weights, and NOT_FOUND on an unknown target group', async () => {
    const { router, blue, green, web } = await setUp();
    const intruder = new ProxyRouter({ adminUrl: proxy.adminUrl, token: 'not-the-token' });
    await assertFailure(intruder.describe(blue), 'REFUSED');
    await assertFailure(router.setWeights(web, { [blue]: 90, [green]: 20 }), 'REFUSED');
    await assertFailure(router.describe('nosuch'), 'NOT_FOUND');
    await assertFailure(router.register('nosuch', [{ instanceName: 'host-1', address: '127.0.0.1:9' }]), 'NOT_FOUND');
  });

  it('fails with UNREACHABLE when nothing listens at the admin address', async () => {
    const router = new ProxyRouter({ adminUrl: `http://127.0.0.1:${await freePort()}`, token: proxy.adminToken });
    await assertFailure(router.describe('blue'), 'UNREACHABLE');
    await assertFailure(router.setWeights('web', { blue: 100 }), 'UNREACHABLE');
  });
});

interface Setup {
  router: ProxyRouter;
  /** The names of this test's target groups and listener. */
  blue: string;
  green: string;
  web: string;
  /** The listener's traffic port. */
  port: number;
}

/** Target groups blue-N and green-N and a listener web-N sending everything to blue-N. */
async function setUpGroups(proxy: ProxyProcess, n: number): Promise<Setup> {
  const [blue, green, web] = [`blue-${n}`, `green-${n}`, `web-${n}`];
  for (const group of [blue, green]) await admin(proxy, 'PUT', `/v1/target-groups/${group}`, { healthCheck: HEALTH, deregistrationDelaySeconds: 5 });
  const listener = await admin(proxy, 'PUT', `/v1/listeners/${web}`, {
    port: 0, host: '127.0.0.1', defaultAction: { forward: { targetGroups: [{ name: blue, weight: 100 }, { name: green, weight: 0 }] } },
  }) as Listener;
  return { router: new ProxyRouter({ adminUrl: proxy.adminUrl, token: proxy.adminToken }), blue, green, web, port: listener.port };
}

async function admin(proxy: ProxyProcess, method: string, path: string, body: unknown): Promise<unknown> {
  const response = await fetch(proxy.adminUrl + path, {
    method, headers: { authorization: `Bearer ${proxy.adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  assert.equal(response.status, 200, await response.clone().text());
  return response.json();
}

function withoutZeros(weights: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(weights).filter(([, w]) => w > 0));
}
