import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { ProxyAdminClient, ProxyAdminError } from '../client/proxy-admin-client.ts';
import { startProxy, type ProxyHandle } from './start-proxy.ts';

const FAST = { intervalSeconds: 0.2, timeoutSeconds: 0.5 };

async function start(t: TestContext, dataDir?: string): Promise<{ proxy: ProxyHandle; client: ProxyAdminClient; dataDir: string }> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'cutover-proxy-'));
  if (!dataDir) t.after(() => rmSync(dir, { recursive: true, force: true }));
  const proxy = await startProxy({ dataDir: dir, adminPort: 0, drainMs: 500 });
  t.after(() => proxy.close());
  return { proxy, client: new ProxyAdminClient({ url: proxy.adminUrl, token: proxy.adminToken }), dataDir: dir };
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof ProxyAdminError, `expected a ProxyAdminError, got ${String(error)}`);
  return error.code;
}

const forwardTo = (name: string) => ({ port: 0, host: '127.0.0.1', defaultAction: { forward: { targetGroups: [{ name, weight: 100 }] } } });

describe('the proxy admin API', () => {
  it('refuses every /v1 call without the right token, and serves /healthz and /metrics to anyone', async (t) => {
    const { proxy, dataDir } = await start(t);
    assert.equal(statSync(join(dataDir, 'admin-token')).mode & 0o777, 0o600);
    assert.equal(readFileSync(join(dataDir, 'admin-token'), 'utf8').trim(), proxy.adminToken);
    const none = await fetch(`${proxy.adminUrl}/v1/target-groups`);
    assert.equal(none.status, 401);
    assert.deepEqual((await none.json() as { error: { code: string } }).error.code, 'Unauthorized');
    assert.equal(await refusal(new ProxyAdminClient({ url: proxy.adminUrl, token: 'wrong' }).listListeners()), 'Unauthorized');
    assert.deepEqual(await (await fetch(`${proxy.adminUrl}/healthz`)).json(), { status: 'ok' });
    assert.equal((await fetch(`${proxy.adminUrl}/metrics`)).status, 200);
  });

  it('creates, updates, reads and deletes target groups with the contract\'s defaults', async (t) => {
    const { client } = await start(t);
    const created = await client.putTargetGroup('blue');
    assert.deepEqual(created, {
      name: 'blue', deregistrationDelaySeconds: 300, requestTimeoutSeconds: 60, targets: [],
      healthCheck: { path: '/', intervalSeconds: 5, timeoutSeconds: 2, healthyThreshold: 2, unhealthyThreshold: 2, matcher: '200-399' },
    });
    await client.registerTargets('blue', ['127.0.0.1:9']);
    const updated = await client.putTargetGroup('blue', { healthCheck: { path: '/healthz' }, deregistrationDelaySeconds: 5 });
    assert.equal(updated.healthCheck.path, '/healthz');
    assert.equal(updated.healthCheck.intervalSeconds, 5);
    assert.deepEqual(updated.targets.map((x) => x.address), ['127.0.0.1:9']);
    assert.deepEqual((await client.listTargetGroups()).map((g) => g.name), ['blue']);
    await client.deleteTargetGroup('blue');
    assert.equal(await refusal(client.getTargetGroup('blue')), 'NotFound');
    assert.equal(await refusal(client.putTargetGroup('bad name!')), 'BadRequest');
    assert.equal(await refusal(client.putTargetGroup('blue', { healthCheck: { matcher: 'ok' } })), 'BadRequest');
    assert.equal(await refusal(client.registerTargets('blue', ['127.0.0.1:1'])), 'NotFound');
  });

  it('registers idempotently and drains a deregistered idle target away at once', async (t) => {
    const { client } = await start(t);
    await client.putTargetGroup('blue', { healthCheck: FAST });
    await client.registerTargets('blue', ['127.0.0.1:9', '127.0.0.1:9']);
    const again = await client.registerTargets('blue', ['127.0.0.1:9']);
    assert.equal(again.targets.length, 1);
    assert.equal(await refusal(client.registerTargets('blue', ['no-port'])), 'BadRequest');
    const after = await client.deregisterTargets('blue', ['127.0.0.1:9', '127.0.0.1:10']);
    assert.deepEqual(after.targets, []);
  });

  it('validates listener weights and refuses to delete a target group that takes traffic', async (t) => {
    const { client } = await start(t);
    await client.putTargetGroup('blue');
    await client.putTargetGroup('green');
    assert.equal(await refusal(client.putListener('web', forwardTo('missing'))), 'BadRequest');
    const web = await client.putListener('web', forwardTo('blue'));
    assert.notEqual(web.port, 0);
    assert.equal(await refusal(client.setWeights('web', { blue: 90, green: 20 })), 'BadRequest');
    assert.equal(await refusal(client.setWeights('web', { blue: 89.5, green: 10.5 })), 'BadRequest');
    assert.equal(await refusal(client.setWeights('web', { blue: 90, gray: 10 })), 'BadRequest');
    assert.equal(await refusal(client.setWeights('nope', { blue: 100 })), 'NotFound');
    await client.setWeights('web', { green: 100 });
    assert.deepEqual(await client.getWeights('web'), { blue: 0, green: 100 });
    assert.equal(await refusal(client.deleteTargetGroup('green')), 'Conflict');
    await client.deleteTargetGroup('blue');
    assert.deepEqual(await client.getWeights('web'), { green: 100 });
    await client.deleteListener('web');
    assert.equal(await refusal(client.getListener('web')), 'NotFound');
  });

  it('answers Conflict when a listener\'s port is taken', async (t) => {
    const { client } = await start(t);
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    t.after(() => blocker.close());
    await client.putTargetGroup('blue');
    const port = (blocker.address() as { port: number }).port;
    assert.equal(await refusal(client.putListener('web', { ...forwardTo('blue'), port })), 'Conflict');
    assert.deepEqual(await client.listListeners(), []);
  });

  it('keeps admin changes across a restart in proxy-state.json', async (t) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cutover-proxy-'));
    t.after(() => rmSync(dataDir, { recursive: true, force: true }));
    const first = await startProxy({ dataDir, adminPort: 0 });
    const client = new ProxyAdminClient({ url: first.adminUrl, token: first.adminToken });
    await client.putTargetGroup('blue', { deregistrationDelaySeconds: 7 });
    await client.putTargetGroup('green');
    await client.registerTargets('blue', ['127.0.0.1:9']);
    const web = await client.putListener('web', forwardTo('blue'));
    await client.setWeights('web', { blue: 80, green: 20 });
    await first.close();

    const { client: again, proxy } = await start(t, dataDir);
    assert.equal(proxy.adminToken, first.adminToken);
    const blue = await again.getTargetGroup('blue');
    assert.equal(blue.deregistrationDelaySeconds, 7);
    assert.deepEqual(blue.targets.map((x) => x.address), ['127.0.0.1:9']);
    const listener = await again.getListener('web');
    assert.equal(listener.port, web.port);
    assert.deepEqual(await again.getWeights('web'), { blue: 80, green: 20 });
  });
});
