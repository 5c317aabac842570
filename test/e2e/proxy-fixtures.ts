// Fixtures of the `cutover proxy` e2e tests: the proxy as a real child process, and small
// node:http backends with switches (health, slowness, status) the tests flip.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
/** Something to register cleanups with: a TestContext, or a suite's own list. */
export interface Cleanups {
  after(fn: () => unknown): void;
}
import { ProxyAdminClient } from '../../src/client/proxy-admin-client.ts';

const REPO = resolve(import.meta.dirname, '..', '..');

/** A `cutover proxy` child process. */
export interface ProxyProcess {
  adminUrl: string;
  token: string;
  dataDir: string;
  client: ProxyAdminClient;
  process: ChildProcess;
  output(): string;
  /** Sends a signal and waits for the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `cutover proxy --admin-port 0` (stopped by `t.after`) and waits for its banner. */
export async function startProxyProcess(t: Cleanups, options: { dataDir?: string; config?: string } = {}): Promise<ProxyProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'cutover-proxy-e2e-'));
  if (!options.dataDir) t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const args = ['--import', 'tsx', join(REPO, 'src/bin/cli.ts'), 'proxy', '--admin-port', '0', '--data-dir', dataDir, '--drain-timeout', '2'];
  if (options.config) args.push('--config', options.config);
  const child = spawn(process.execPath, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c) => (output += c));
  child.stderr!.on('data', (c) => (output += c));
  const stop = (signal: NodeJS.Signals = 'SIGTERM') => new Promise<number | null>((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done(child.exitCode);
    child.once('exit', (code) => done(code));
    child.kill(signal);
  });
  t.after(() => stop('SIGKILL'));
  const adminUrl = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`proxy did not start:\n${output}`)), 60_000);
    child.stdout!.on('data', () => {
      const m = /admin API listening on (http:\/\/\S+)/.exec(output);
      if (m) (clearTimeout(timer), done(m[1]!));
    });
    child.once('exit', (code) => (clearTimeout(timer), fail(new Error(`proxy exited with ${code}:\n${output}`))));
  });
  const token = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
  return { adminUrl, token, dataDir, client: new ProxyAdminClient({ url: adminUrl, token }), process: child, output: () => output, stop };
}

/** A backend the tests control: answers its name; `/slow?ms=N` waits; `/echo-headers` returns the request headers. */
export interface Backend {
  name: string;
  address: string;
  port: number;
  /** What `/health` answers (200 or 500). */
  healthy: boolean;
  /** Requests whose response has not ended. */
  inFlight(): number;
  /** Requests received, health checks left out (a probe may still be on its way after a drain starts). */
  received(): number;
  close(): Promise<void>;
}

/** Starts a backend on port 0 (closed by `t.after`); it echoes WebSocket-style upgrades byte for byte. */
export async function startBackend(t: Cleanups, name: string): Promise<Backend> {
  let inFlight = 0;
  let received = 0;
  const backend = { name, healthy: true } as Backend;
  const server: Server = createServer((req, res) => {
    if (req.url !== FAST_HEALTH.path) received++;
    inFlight++;
    res.on('close', () => inFlight--);
    route(backend, req, (status, body, headers = {}) => res.writeHead(status, { 'x-backend': name, ...headers }).end(body));
  });
  const tunnels = new Set<import('node:stream').Duplex>();
  server.on('upgrade', (req, socket) => {
    tunnels.add(socket);
    socket.on('close', () => tunnels.delete(socket));
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nconnection: Upgrade\r\nupgrade: ${req.headers.upgrade}\r\nx-backend: ${name}\r\n\r\n`);
    socket.pipe(socket);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as AddressInfo).port;
  Object.assign(backend, {
    address: `127.0.0.1:${port}`, port, inFlight: () => inFlight, received: () => received,
    close: () => new Promise<void>((done) => {
      server.close(() => done());
      server.closeAllConnections();
      // Upgraded sockets are no longer the server's connections: close them too.
      for (const socket of tunnels) socket.destroy();
    }),
  });
  t.after(() => backend.close());
  return backend;
}

function route(backend: Backend, req: IncomingMessage, reply: (status: number, body: string, headers?: Record<string, string>) => void): void {
  const url = new URL(req.url ?? '/', 'http://backend');
  if (url.pathname === '/health') return reply(backend.healthy ? 200 : 500, 'health\n');
  if (url.pathname === '/slow') return void setTimeout(() => reply(200, backend.name), Number(url.searchParams.get('ms')));
  if (url.pathname === '/echo-headers') return reply(200, JSON.stringify(req.headers), { connection: 'keep-alive, x-secret-hop', 'x-secret-hop': '1', 'keep-alive': 'timeout=5' });
  reply(200, backend.name);
}

/** One GET through the proxy: status, headers and body. Never throws for HTTP statuses. */
export function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: IncomingMessage['headers']; body: string }> {
  return new Promise((done, fail) => {
    const req = request(url, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

/** Polls `check` every 50 ms until it holds, failing after `timeoutMs`. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Health settings fast enough for tests. */
export const FAST_HEALTH = { path: '/health', intervalSeconds: 0.1, timeoutSeconds: 0.5, healthyThreshold: 2, unhealthyThreshold: 2 };
