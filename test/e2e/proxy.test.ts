import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FAST_HEALTH, get, startBackend, startProxyProcess, waitFor, type Backend, type ProxyProcess } from './proxy-fixtures.ts';

// Starting a proxy process costs seconds on a busy machine, so the tests share one, each with
// its own listener and target groups (names prefixed per test). It starts from a config file
// (listener `web` on seedPort over groups `blue` and `green`); the last test restarts it.
const suiteCleanups: (() => unknown)[] = [];
const suite = { after: (fn: () => unknown) => suiteCleanups.push(fn) };
let shared: ProxyProcess;
let testNumber = 0;
const seed = {} as { dir: string; config: string; port: number; blue: Backend; green: Backend };
before(async () => {
  seed.dir = mkdtempSync(join(tmpdir(), 'cutover-proxy-e2e-'));
  suite.after(() => rmSync(seed.dir, { recursive: true, force: true }));
  seed.blue = await startBackend(suite, 'blue');
  seed.green = await startBackend(suite, 'green');
  const probe = await startBackend(suite, 'port-finder');
  seed.port = probe.port;
  await probe.close();
  seed.config = join(seed.dir, 'proxy.yml');
  writeFileSync(seed.config, [
    'targetGroups:',
    `  blue: { healthCheck: { path: /health, intervalSeconds: 0.1 }, targets: ["${seed.blue.address}"] }`,
    `  green: { targets: ["${seed.green.address}"] }`,
    'listeners:',
    `  web: { port: ${seed.port}, host: 127.0.0.1, defaultAction: { forward: { targetGroups: [{ name: blue, weight: 100 }] } } }`,
  ].join('\n'));
  shared = await startProxyProcess(suite, { dataDir: join(seed.dir, 'state'), config: seed.config });
});
after(async () => {
  for (const fn of suiteCleanups.reverse()) await fn();
});

/**
 * On the shared proxy: target groups (FAST_HEALTH) and a listener on a free port, all named with
 * this test's prefix (`t3-blue`, `t3-web`); `names.blue` gives the full name.
 */
async function setUp(groups: Record<string, Backend[]>, weights: Record<string, number>): Promise<{ proxy: ProxyProcess; url: string; names: Record<string, string> }> {
  const prefix = `t${++testNumber}-`;
  const names = Object.fromEntries(['web', ...Object.keys(groups)].map((n) => [n, prefix + n]));
  const proxy = shared;
  for (const [name, backends] of Object.entries(groups)) {
    await proxy.client.putTargetGroup(prefix + name, { healthCheck: FAST_HEALTH, deregistrationDelaySeconds: 10 });
    if (backends.length > 0) await proxy.client.registerTargets(prefix + name, backends.map((b) => b.address));
  }
  const targetGroups = Object.entries(weights).map(([name, weight]) => ({ name: prefix + name, weight }));
  const web = await proxy.client.putListener(names.web!, { port: 0, host: '127.0.0.1', defaultAction: { forward: { targetGroups } } });
  return { proxy, url: `http://127.0.0.1:${web.port}`, names };
}

async function allHealthy(proxy: ProxyProcess, group: string, count: number): Promise<void> {
  await waitFor(`${count} healthy targets in ${group}`, async () =>
    (await proxy.client.getTargetGroup(group)).targets.filter((x) => x.state === 'healthy').length === count);
}

/** Sends `count` GETs over `concurrency` keep-alive connections; returns the count per answering backend (or status). */
async function countBackends(url: string, count: number, concurrency = 20, headers: Record<string, string> = {}): Promise<Record<string, number>> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const counts: Record<string, number> = {};
  let sent = 0;
  const worker = async () => {
    while (sent < count) {
      sent++;
      const key = await new Promise<string>((done, fail) => {
        const req = request(url, { agent, headers }, (res) => {
          res.resume();
          res.on('end', () => done(res.statusCode === 200 ? String(res.headers['x-backend']) : `status ${res.statusCode}`));
        });
        req.on('error', fail);
        req.end();
      });
      counts[key] = (counts[key] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  return counts;
}

describe('cutover proxy', () => {
  it('splits 90/10 within 2 % over 5000 requests, keeps sticky clients on their group, and counts it all in /metrics', async (t) => {
    const [blue, green] = [await startBackend(t, 'blue'), await startBackend(t, 'green')];
    const { proxy, url, names } = await setUp({ blue: [blue], green: [green] }, { blue: 90, green: 10 });
    await allHealthy(proxy, names.blue!, 1);
    await allHealthy(proxy, names.green!, 1);

    const counts = await countBackends(url, 5000);
    assert.ok(Math.abs((counts.green ?? 0) - 500) <= 100, JSON.stringify(counts));
    assert.equal((counts.blue ?? 0) + (counts.green ?? 0), 5000, JSON.stringify(counts));

    const metrics = await (await fetch(`${proxy.adminUrl}/metrics`)).text();
    assert.match(metrics, new RegExp(`^cutover_proxy_requests_total\\{target_group="${names.green}",code_class="2xx"\\} ${counts.green}$`, 'm'));
    assert.match(metrics, /^cutover_proxy_request_duration_seconds_count\{target_group="t\d+-blue"\} \d+$/m);
    const json = await proxy.client.targetGroupMetrics(names.green!);
    assert.equal(json.requests['2xx'], counts.green);

    const listener = await proxy.client.getListener(names.web!);
    listener.defaultAction.forward.stickiness = { enabled: true, durationSeconds: 60 };
    await proxy.client.putListener(names.web!, listener);
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const first = await get(url);
      const cookie = String(first.headers['set-cookie']?.[0]).split(';')[0]!;
      assert.match(cookie, /^cutover-tg=t\d+-(blue|green)$/);
      const backend = cookie.split('-').at(-1)!;
      seen.add(backend);
      for (let j = 0; j < 3; j++) assert.equal((await get(url, { cookie })).body, backend);
    }
    assert.deepEqual([...seen].sort(), ['blue', 'green']);
    await proxy.client.setWeights(names.web!, { [names.blue!]: 100 });
    const moved = await get(url, { cookie: `cutover-tg=${names.green}` });
    assert.equal(moved.body, 'blue');
    assert.match(String(moved.headers['set-cookie']), new RegExp(`cutover-tg=${names.blue}`));
  });

  it('moves traffic off a target whose health check fails, and back once it passes again', async (t) => {
    const [a, b] = [await startBackend(t, 'a'), await startBackend(t, 'b')];
    const { proxy, url, names } = await setUp({ blue: [a, b] }, { blue: 100 });
    await allHealthy(proxy, names.blue!, 2);
    assert.deepEqual(await countBackends(url, 20, 2), { a: 10, b: 10 });

    a.healthy = false;
    await waitFor('a to be unhealthy', async () => (await proxy.client.getTargetGroup(names.blue!)).targets.find((x) => x.address === a.address)?.state === 'unhealthy');
    assert.deepEqual(await countBackends(url, 20, 2), { b: 20 });

    a.healthy = true;
    await allHealthy(proxy, names.blue!, 2);
    assert.deepEqual(await countBackends(url, 20, 2), { a: 10, b: 10 });
  });

  it('drains a deregistered target: its slow request finishes, new requests go elsewhere, then it is gone', async (t) => {
    const [a, b] = [await startBackend(t, 'a'), await startBackend(t, 'b')];
    const { proxy, url, names } = await setUp({ blue: [a] }, { blue: 100 });
    await allHealthy(proxy, names.blue!, 1);
    const slow = get(`${url}/slow?ms=1500`);
    await waitFor('the slow request to reach a', () => a.inFlight() === 1);
    await proxy.client.registerTargets(names.blue!, [b.address]);
    await allHealthy(proxy, names.blue!, 2);
    const drained = await proxy.client.deregisterTargets(names.blue!, [a.address]);
    assert.equal(drained.targets.find((x) => x.address === a.address)?.state, 'draining');

    const before = a.received();
    assert.deepEqual(await countBackends(url, 20, 2), { b: 20 });
    assert.equal(a.received(), before);
    assert.equal((await slow).body, 'a');
    await waitFor('a to be removed', async () => (await proxy.client.getTargetGroup(names.blue!)).targets.length === 1);
  });

  it('answers 502 for a dead target, 503 without a target, 504 for a slow one, and retries a refused GET on another target', async (t) => {
    const live = await startBackend(t, 'live');
    const c = shared.client;
    await c.putTargetGroup('dead');
    await c.registerTargets('dead', ['127.0.0.1:9']);
    await c.putTargetGroup('empty');
    await c.putTargetGroup('slow', { requestTimeoutSeconds: 0.3 });
    await c.registerTargets('slow', [live.address]);
    await c.putTargetGroup('mixed');
    await c.registerTargets('mixed', ['127.0.0.1:9', live.address]);
    const listen = async (group: string) => `http://127.0.0.1:${(await c.putListener(group, { port: 0, host: '127.0.0.1', defaultAction: { forward: { targetGroups: [{ name: group, weight: 100 }] } } })).port}`;

    assert.equal((await get(await listen('dead'))).status, 502);
    assert.equal((await get(await listen('empty'))).status, 503);
    const slowUrl = await listen('slow');
    assert.equal((await get(`${slowUrl}/slow?ms=3000`)).status, 504);
    assert.equal((await get(`${slowUrl}/slow?ms=10`)).status, 200);
    assert.deepEqual(await countBackends(await listen('mixed'), 20, 1), { live: 20 });
    assert.equal((await c.targetGroupMetrics('dead')).responses5xx, 1);
  });

  it('removes hop-by-hop headers both ways and adds X-Forwarded-For, -Proto and -Host', async (t) => {
    const backend = await startBackend(t, 'echo');
    const { url } = await setUp({ blue: [backend] }, { blue: 100 });
    const answer = await get(`${url}/echo-headers`, {
      connection: 'keep-alive, x-hop-named', 'x-hop-named': 'secret', 'keep-alive': 'timeout=9', te: 'trailers',
      'proxy-authorization': 'Basic eA==', 'x-end-to-end': 'kept', 'x-forwarded-for': '10.0.0.1',
    });
    const seen = JSON.parse(answer.body) as Record<string, string>;
    for (const name of ['x-hop-named', 'te', 'proxy-authorization']) assert.equal(seen[name], undefined, name);
    assert.notEqual(seen['keep-alive'], 'timeout=9');
    assert.equal(seen['x-end-to-end'], 'kept');
    assert.equal(seen['x-forwarded-for'], '10.0.0.1, 127.0.0.1');
    assert.equal(seen['x-forwarded-proto'], 'http');
    assert.equal(seen['x-forwarded-host'], new URL(url).host);
    assert.equal(seen.host, new URL(url).host);
    assert.equal(answer.headers['x-secret-hop'], undefined);
    assert.equal(answer.headers['x-backend'], 'echo');
  });

  it('tunnels a WebSocket upgrade and echoes bytes both ways', async (t) => {
    const backend = await startBackend(t, 'ws');
    const { proxy, url, names } = await setUp({ blue: [backend] }, { blue: 100 });
    await allHealthy(proxy, names.blue!, 1);
    const socket = connect(Number(new URL(url).port), '127.0.0.1');
    t.after(() => socket.destroy());
    let received = '';
    socket.setEncoding('utf8').on('data', (c: string) => (received += c));
    socket.write('GET /chat HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n');
    await waitFor('the 101', () => received.includes('\r\n\r\n'));
    assert.match(received, /^HTTP\/1.1 101 /);
    assert.match(received, /x-backend: ws/i);
    const head = received.length;
    socket.write('hello through the tunnel');
    await waitFor('the echo', () => received.slice(head) === 'hello through the tunnel');
  });

  // Last: it stops the shared proxy.
  it('seeds from the config file once, keeps admin changes across a restart, and drains on SIGTERM', async (t) => {
    const url = `http://127.0.0.1:${seed.port}`;
    assert.equal((await get(url)).body, 'blue');
    assert.equal((await fetch(`${shared.adminUrl}/v1/listeners`)).status, 401);
    await shared.client.setWeights('web', { green: 100 });
    const slow = get(`${url}/slow?ms=700`);
    await waitFor('the slow request', () => seed.green.inFlight() === 1);
    const exit = shared.stop('SIGTERM');
    assert.equal((await slow).body, 'green');
    assert.equal(await exit, 0);

    const again = await startProxyProcess(t, { dataDir: join(seed.dir, 'state'), config: seed.config });
    assert.equal((await get(url)).body, 'green');
    assert.deepEqual(await again.client.getWeights('web'), { blue: 0, green: 100 });
  });
});
