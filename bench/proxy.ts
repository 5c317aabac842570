// bench/proxy: what `cutover proxy` adds to a request, next to HAProxy on the same backends.
//
//   npm run bench:proxy                       defaults: wrk -c 50 -t 2 -d 10s, 3 backends
//   npm run bench:proxy -- --duration 5 --connections 20
//
// Three paths, measured one after another in the same run with wrk: straight to one backend,
// through `cutover proxy` (one Node thread), and through HAProxy 2.6 with `nbthread 1`, both
// balancing round-robin over the same backends (small node:http servers in a child process).
// Each path gets a warm-up run first. Throughput comes from the saturating run (-c 50); added
// latency from a second, unsaturated run (one connection, requests back to back), because at
// saturation a latency percentile measures queueing, i.e. throughput again. See bench/README.md.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from '../test/support/s3.ts';

const REPO = resolve(import.meta.dirname, '..');
const TARGETS = { addedP99Ms: 1, throughputVsHaproxy: 0.5 } as const;
const { values: args } = parseArgs({ options: {
  duration: { type: 'string', default: '10' }, connections: { type: 'string', default: '50' },
  threads: { type: 'string', default: '2' }, backends: { type: 'string', default: '3' },
  warmup: { type: 'string', default: '3' }, out: { type: 'string', default: 'bench/results' },
  'latency-connections': { type: 'string', default: '1' },
} });

/** What one wrk run measured. */
interface WrkResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Connect, read, write and timeout errors, plus non-2xx/3xx answers. */
  errors: number;
  /** CPU time the proxy process used per request (not measured for the direct path). */
  proxyCpuUsPerRequest?: number;
}

const BACKEND_SOURCE = `
const http = require('node:http');
const ports = [];
let open = 0;
const count = Number(process.argv[1]);
for (let i = 0; i < count; i++) {
  const server = http.createServer((req, res) => res.end('hello from backend ' + i + '\\n'));
  server.keepAliveTimeout = 65000;
  server.listen(0, '127.0.0.1', () => { ports[i] = server.address().port; if (++open === count) console.log(JSON.stringify(ports)); });
}`;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cutover-bench-proxy-'));
  const children: ChildProcess[] = [];
  try {
    const backendPorts = await startBackends(Number(args.backends), children);
    const addresses = backendPorts.map((p) => `127.0.0.1:${p}`);
    const cutoverPort = await freePort();
    const haproxyPort = await freePort();
    const cutoverProcess = await startCutoverProxy(dir, addresses, cutoverPort, children);
    const haproxyProcess = await startHaproxy(dir, addresses, haproxyPort, children);
    const loadBefore = loadavg()[0]!;
    const urls = { direct: `http://${addresses[0]}/`, cutover: `http://127.0.0.1:${cutoverPort}/`, haproxy: `http://127.0.0.1:${haproxyPort}/` };
    const results = {
      direct: measure('direct', urls.direct),
      cutover: measure('cutover proxy', urls.cutover, cutoverProcess.pid),
      haproxy: measure('haproxy (nbthread 1)', urls.haproxy, haproxyProcess.pid),
    };
    process.stdout.write(`\nunsaturated (${args['latency-connections']} connection(s), requests back to back):\n`);
    const unsaturated = {
      direct: measure('direct', urls.direct, undefined, UNSATURATED),
      cutover: measure('cutover proxy', urls.cutover, cutoverProcess.pid, UNSATURATED),
      haproxy: measure('haproxy (nbthread 1)', urls.haproxy, haproxyProcess.pid, UNSATURATED),
    };
    report(results, unsaturated, [loadBefore, loadavg()[0]!]);
  } finally {
    for (const child of children) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

function startBackends(count: number, children: ChildProcess[]): Promise<number[]> {
  const child = spawn(process.execPath, ['-e', BACKEND_SOURCE, String(count)], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((done) => child.stdout!.once('data', (line: Buffer) => done(JSON.parse(line.toString()))));
}

async function startCutoverProxy(dir: string, addresses: string[], port: number, children: ChildProcess[]): Promise<ChildProcess> {
  const config = join(dir, 'proxy.yml');
  writeFileSync(config, [
    'targetGroups:', `  app: { targets: [${addresses.map((a) => `"${a}"`).join(', ')}] }`,
    'listeners:', `  web: { port: ${port}, host: 127.0.0.1, defaultAction: { forward: { targetGroups: [{ name: app, weight: 100 }] } } }`,
  ].join('\n'));
  const child = spawn(process.execPath, [...(process.env.BENCH_PROXY_NODE_ARGS?.split(' ').filter(Boolean) ?? []), '--import', 'tsx', join(REPO, 'src/bin/cli.ts'), 'proxy', '--config', config, '--data-dir', join(dir, 'data'), '--admin-port', '0'], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  await new Promise<void>((done) => {
    let output = '';
    child.stdout!.on('data', (c) => {
      output += c;
      if (output.includes('admin API listening')) done();
    });
  });
  await waitForHealthy(`http://127.0.0.1:${port}/`);
  return child;
}

async function startHaproxy(dir: string, addresses: string[], port: number, children: ChildProcess[]): Promise<ChildProcess> {
  const config = join(dir, 'haproxy.cfg');
  writeFileSync(config, [
    'global', '  nbthread 1', '  maxconn 4096',
    'defaults', '  mode http', '  option http-keep-alive', '  http-reuse always',
    '  timeout connect 5s', '  timeout client 30s', '  timeout server 30s',
    'frontend web', `  bind 127.0.0.1:${port}`, '  default_backend app',
    'backend app', '  balance roundrobin',
    ...addresses.map((a, i) => `  server s${i} ${a} check inter 5s`), '',
  ].join('\n'));
  const child = spawn('/usr/sbin/haproxy', ['-db', '-f', config], { stdio: ['ignore', 'inherit', 'inherit'] });
  children.push(child);
  await waitForHealthy(`http://127.0.0.1:${port}/`);
  return child;
}

async function waitForHealthy(url: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url} did not answer`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** wrk's concurrency: saturating (the flags) or unsaturated (for added latency). */
interface Concurrency {
  connections: string;
  threads: string;
}

const SATURATING: Concurrency = { connections: args.connections!, threads: args.threads! };
const UNSATURATED: Concurrency = { connections: args['latency-connections']!, threads: '1' };

function measure(name: string, url: string, proxyPid?: number, concurrency = SATURATING): WrkResult {
  wrk(url, Number(args.warmup), concurrency);
  const cpuBefore = proxyPid ? cpuSecondsOf(proxyPid) : 0;
  const result = wrk(url, Number(args.duration), concurrency);
  if (proxyPid) result.proxyCpuUsPerRequest = ((cpuSecondsOf(proxyPid) - cpuBefore) * 1e6) / result.requests;
  const cpu = result.proxyCpuUsPerRequest ? `  proxy CPU ${result.proxyCpuUsPerRequest.toFixed(1)} us/req` : '';
  process.stdout.write(`${name.padEnd(22)} ${result.requestsPerSecond.toFixed(0).padStart(7)} req/s  p50 ${result.p50Ms.toFixed(3)} ms  p99 ${result.p99Ms.toFixed(3)} ms  errors ${result.errors}${cpu}\n`);
  return result;
}

/** User + system CPU seconds of a process so far, from /proc (Linux clock ticks, 100 per second). */
function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function wrk(url: string, seconds: number, concurrency: Concurrency): WrkResult {
  const run = spawnSync('wrk', ['-c', concurrency.connections, '-t', concurrency.threads, '-d', `${seconds}s`, '--latency', url], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`wrk failed: ${run.stderr}`);
  return parseWrk(run.stdout);
}

/** Reads wrk's text report: the latency distribution, Requests/sec and the error lines. */
export function parseWrk(text: string): WrkResult {
  const percentile = (p: string) => toMs(new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s)$`, 'm').exec(text));
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(text);
  const errors = (socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0) + Number(non2xx?.[1] ?? 0);
  return {
    requestsPerSecond: Number(/Requests\/sec:\s+([\d.]+)/.exec(text)?.[1] ?? 0),
    p50Ms: percentile('50'), p99Ms: percentile('99'),
    requests: Number(/(\d+) requests in/.exec(text)?.[1] ?? 0), errors,
  };
}

function toMs(m: RegExpExecArray | null): number {
  if (!m) return NaN;
  const scale = { us: 0.001, ms: 1, s: 1000 }[m[2] as 'us' | 'ms' | 's'];
  return Number(m[1]) * scale;
}

type PathResults = Record<'direct' | 'cutover' | 'haproxy', WrkResult>;

/** Prints and saves the ratios; `load` is the 1-minute load average before and after the run. */
function report(results: PathResults, unsaturated: PathResults, load: number[]): void {
  const { direct, cutover, haproxy } = results;
  const added = (path: 'cutover' | 'haproxy', r: PathResults) => ({ p50: r[path].p50Ms - r.direct.p50Ms, p99: r[path].p99Ms - r.direct.p99Ms });
  const summary = {
    loadAverage: { before: load[0], after: load[1] },
    addedMs: { cutover: added('cutover', unsaturated), haproxy: added('haproxy', unsaturated) },
    addedMsAtSaturation: { cutover: added('cutover', results), haproxy: added('haproxy', results) },
    proxyCpuUsPerRequest: { cutover: cutover.proxyCpuUsPerRequest, haproxy: haproxy.proxyCpuUsPerRequest },
    // Requests per CPU second relative to HAProxy: the throughput ratio each would reach on a
    // core of its own, which a shared 2-core machine cannot show directly.
    cpuEfficiencyVsHaproxy: (haproxy.proxyCpuUsPerRequest ?? NaN) / (cutover.proxyCpuUsPerRequest ?? NaN),
    throughput: { cutoverVsHaproxy: cutover.requestsPerSecond / haproxy.requestsPerSecond, cutoverVsDirect: cutover.requestsPerSecond / direct.requestsPerSecond, haproxyVsDirect: haproxy.requestsPerSecond / direct.requestsPerSecond },
    failedRequests: { direct: direct.errors, cutover: cutover.errors, haproxy: haproxy.errors },
  };
  const f = (n: number) => n.toFixed(3);
  process.stdout.write([
    '',
    `added latency (unsaturated), cutover proxy: p50 ${f(summary.addedMs.cutover.p50)} ms, p99 ${f(summary.addedMs.cutover.p99)} ms (target p99 < ${TARGETS.addedP99Ms} ms: ${summary.addedMs.cutover.p99 < TARGETS.addedP99Ms ? 'met' : 'NOT met'})`,
    `added latency (unsaturated), haproxy:       p50 ${f(summary.addedMs.haproxy.p50)} ms, p99 ${f(summary.addedMs.haproxy.p99)} ms`,
    `added latency at saturation (queueing): cutover p50 ${f(summary.addedMsAtSaturation.cutover.p50)} / p99 ${f(summary.addedMsAtSaturation.cutover.p99)} ms, haproxy p50 ${f(summary.addedMsAtSaturation.haproxy.p50)} / p99 ${f(summary.addedMsAtSaturation.haproxy.p99)} ms`,
    `throughput: cutover/haproxy ${f(summary.throughput.cutoverVsHaproxy)} (target >= ${TARGETS.throughputVsHaproxy}: ${summary.throughput.cutoverVsHaproxy >= TARGETS.throughputVsHaproxy ? 'met' : 'NOT met'}), cutover/direct ${f(summary.throughput.cutoverVsDirect)}, haproxy/direct ${f(summary.throughput.haproxyVsDirect)}`,
    `proxy CPU per request: cutover ${f(cutover.proxyCpuUsPerRequest ?? NaN)} us, haproxy ${f(haproxy.proxyCpuUsPerRequest ?? NaN)} us (cutover does ${f(summary.cpuEfficiencyVsHaproxy)} of HAProxy's requests per CPU second)`,
    `load average (1 min) before/after: ${load.map((l) => l.toFixed(1)).join(' / ')} on ${availableParallelism()} cores (CPU per request is the figure that survives a busy machine)`,
    `failed requests (wrk socket errors + non-2xx): direct ${direct.errors}, cutover ${cutover.errors}, haproxy ${haproxy.errors}${cutover.errors === 0 ? ' (zero through cutover proxy)' : ''}`,
    '',
  ].join('\n'));
  mkdirSync(args.out!, { recursive: true });
  const file = join(args.out!, `proxy-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify({ args, results, unsaturated, summary }, null, 2)}\n`);
  process.stdout.write(`results: ${file}\n`);
}

await main();
