import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { lbCommand } from '../../src/cli/commands/lb.ts';
import { startProxy, type ProxyHandle } from '../../src/proxy/start-proxy.ts';
import { startBackend, waitFor } from './proxy-fixtures.ts';

const CUTOVER = resolve(import.meta.dirname, '..', '..', 'bin', 'cutover');

async function proxyFor(t: TestContext): Promise<{ proxy: ProxyHandle; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cutover-lb-'));
  const proxy = await startProxy({ dataDir, adminPort: 0, drainMs: 200 });
  t.after(async () => {
    await proxy.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return { proxy, dataDir };
}

/** Runs `cutover lb …` in this process (starting the CLI costs seconds); returns what it printed. */
async function lb(proxy: ProxyHandle, ...args: string[]): Promise<string> {
  let printed = '';
  const command = lbCommand({ write: (text) => (printed += text) }).exitOverride();
  await command.parseAsync([...args, '--admin-url', proxy.adminUrl, '--admin-token', proxy.adminToken], { from: 'user' });
  return printed;
}

/** Runs the real `bin/cutover` with the given environment. */
function cutover(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(CUTOVER, args, { env: { ...process.env, ...env } }, (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }));
  });
}

describe('cutover lb', () => {
  it('creates target groups and a listener, registers targets, shifts weights, drains and deletes', async (t) => {
    const { proxy } = await proxyFor(t);
    const backend = await startBackend(t, 'blue-1');
    const created = await lb(proxy, 'target-groups', 'create', 'blue', '--health-check-path', '/health', '--health-check-interval', '0.1', '--deregistration-delay', '1');
    assert.match(created, /^TARGET GROUP\s+TARGET\s+STATE\s+HEALTH CHECK\nblue\s+-\s+-\s+\/health every 0.1s\n$/);
    await lb(proxy, 'target-groups', 'create', 'green');
    const registered = JSON.parse(await lb(proxy, 'target-groups', 'register', 'blue', backend.address, '--output', 'json'));
    assert.deepEqual(registered.targets, [{ address: backend.address, state: 'initial' }]);
    await waitFor('blue-1 to be healthy', async () => (await lb(proxy, 'target-groups', 'list')).includes('healthy'));

    const listener = await lb(proxy, 'listeners', 'create', 'web', '--port', '0', '--host', '127.0.0.1', '--forward', 'blue=100', '--sticky', '60');
    const port = /http:\/\/127\.0\.0\.1:(\d+)/.exec(listener)?.[1];
    assert.match(listener, /web\s+http:\/\/127\.0\.0\.1:\d+\s+blue=100\s+60s/);
    assert.equal(await (await fetch(`http://127.0.0.1:${port}/`)).text(), 'blue-1');

    const shifted = await lb(proxy, 'listeners', 'set-weights', 'web', 'blue=90', 'green=10');
    assert.match(shifted, /blue=90 green=10/);
    const listed = JSON.parse(await lb(proxy, 'listeners', 'list', '--output', 'json'));
    assert.deepEqual(listed[0].defaultAction.forward.targetGroups, [{ name: 'blue', weight: 90 }, { name: 'green', weight: 10 }]);

    const refused = await lb(proxy, 'target-groups', 'delete', 'green').then(() => undefined, (e: { type?: string }) => e);
    assert.equal(refused?.type, 'Conflict');
    const badWeights = await lb(proxy, 'listeners', 'set-weights', 'web', 'blue=50').then(() => undefined, (e: { type?: string }) => e);
    assert.equal(badWeights?.type, 'BadRequest');

    await lb(proxy, 'target-groups', 'deregister', 'blue', backend.address);
    await waitFor('the target to drain away', async () => JSON.parse(await lb(proxy, 'target-groups', 'list', '--output', 'json'))[0].targets.length === 0);
    await lb(proxy, 'listeners', 'delete', 'web');
    await lb(proxy, 'target-groups', 'delete', 'green');
    assert.deepEqual(JSON.parse(await lb(proxy, 'target-groups', 'list', '--output', 'json')).map((g: { name: string }) => g.name), ['blue']);
  });

  it('as a real command reads the token from the data directory, and fails clearly on a wrong token or no proxy', async (t) => {
    const { proxy, dataDir } = await proxyFor(t);
    await lb(proxy, 'target-groups', 'create', 'blue');
    const [listed, wrong] = await Promise.all([
      cutover(['lb', 'target-groups', 'list', '--output', 'json'], { CUTOVER_PROXY_ADMIN_URL: proxy.adminUrl, CUTOVER_PROXY_DATA_DIR: dataDir }),
      cutover(['lb', 'listeners', 'list'], { CUTOVER_PROXY_ADMIN_URL: proxy.adminUrl, CUTOVER_PROXY_ADMIN_TOKEN: 'wrong' }),
    ]);
    assert.equal(listed.code, 0, listed.stderr);
    assert.equal(JSON.parse(listed.stdout)[0].name, 'blue');
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /Unauthorized/);
    const unreachable = await lbCommand({ write: () => {} }).exitOverride()
      .parseAsync(['listeners', 'list', '--admin-url', 'http://127.0.0.1:1', '--admin-token', 'x'], { from: 'user' }).then(() => undefined, (e: Error) => e);
    assert.match(String(unreachable?.message), /cannot reach the proxy admin API at http:\/\/127\.0\.0\.1:1/);
  });
});
