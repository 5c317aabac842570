import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HaproxyRouter } from '../../../src/engine/traffic/haproxy-router.ts';
import { ProxyRouter } from '../../../src/engine/traffic/proxy-router.ts';
import type { TrafficRouter } from '../../../src/engine/traffic/traffic-router.ts';
import { startHaproxy, type HaproxyProcess } from '../../support/haproxy.ts';
import { describeFailures, runLoad, startTestBackend, type TestBackend } from '../../support/load-generator.ts';
import { startProxyProcess, type ProxyProcess } from '../../support/proxy-process.ts';

// Weight accuracy: with a 10 % canary set through each router, 5,000 requests through the
// listener split 10 % ± 2 % to the canary group (a binomial standard deviation is 0.42 %).

const REQUESTS = 5_000;
const HEALTH = { path: '/', intervalSeconds: 0.2, timeoutSeconds: 1, healthyThreshold: 2, unhealthyThreshold: 2 };

interface Bench {
  router: TrafficRouter;
  url: string;
  stop(): Promise<void>;
}

const BENCHES: Record<string, () => Promise<Bench>> = {
  'the cutover proxy': async () => {
    const proxy: ProxyProcess = await startProxyProcess();
    try {
      const put = async (path: string, body: unknown) => {
        const response = await fetch(proxy.adminUrl + path, {
          method: 'PUT', headers: { authorization: `Bearer ${proxy.adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
        });
        assert.equal(response.status, 200, await response.clone().text());
        return response.json() as Promise<{ port: number }>;
      };
      for (const group of ['stable', 'canary']) await put(`/v1/target-groups/${group}`, { healthCheck: HEALTH });
      const listener = await put('/v1/listeners/web', {
        port: 0, host: '127.0.0.1', defaultAction: { forward: { targetGroups: [{ name: 'stable', weight: 100 }, { name: 'canary', weight: 0 }] } },
      });
      return { router: new ProxyRouter({ adminUrl: proxy.adminUrl, token: proxy.adminToken }), url: `http://127.0.0.1:${listener.port}/`, stop: proxy.stop };
    } catch (error) {
      await proxy.stop();
      throw error;
    }
  },
  HAProxy: async () => {
    const haproxy: HaproxyProcess = await startHaproxy({
      listeners: [{ name: 'web', targetGroups: ['stable', 'canary'] }], targetGroups: [{ name: 'stable' }, { name: 'canary' }],
    });
    return { router: new HaproxyRouter({ socket: haproxy.socket }), url: `http://127.0.0.1:${haproxy.ports.web}/`, stop: haproxy.stop };
  },
};

for (const [name, start] of Object.entries(BENCHES)) {
  describe(`weights through ${name}`, () => {
    let bench: Bench;
    const backends: TestBackend[] = [];
    before(async () => {
      bench = await start();
      backends.push(await startTestBackend('stable'), await startTestBackend('canary'));
      for (const backend of backends) await bench.router.register(backend.name, [{ instanceName: backend.name, address: backend.address }]);
      await waitFor(async () => {
        const states = await Promise.all(backends.map(async (b) => (await bench.router.describe(b.name))[0]?.state));
        return states.every((s) => s === 'healthy');
      }, 'both backends to be healthy');
    });
    after(async () => {
      await bench?.stop();
      await Promise.all(backends.map((b) => b.close()));
    });

    it('splits 5,000 requests 10 % ± 2 % to the canary at a 10 % canary', async () => {
      await bench.router.setWeights('web', { stable: 90, canary: 10 });
      assert.deepEqual(withoutZeros(await bench.router.getWeights('web')), { stable: 90, canary: 10 });
      const summary = await runLoad({ url: bench.url, count: REQUESTS, ratePerSecond: 1000, connections: 8 });
      assert.equal(summary.failures.length, 0, describeFailures(summary));
      const share = (summary.byBody.canary ?? 0) / REQUESTS;
      assert.ok(Math.abs(share - 0.1) <= 0.02, `canary got ${(share * 100).toFixed(2)} % of ${REQUESTS}: ${JSON.stringify(summary.byBody)}`);
    });
  });
}

function withoutZeros(weights: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(weights).filter(([, w]) => w > 0));
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
