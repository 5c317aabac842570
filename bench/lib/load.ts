import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { signRequest, type SigningCredentials } from '../../src/client/sign-request.ts';
import type { CpuMeter } from './cpu.ts';

/** One request of a load run: the operation and a JSON body (which may differ per call). */
export interface LoadRequest {
  operation: string;
  body: () => unknown;
  /**
   * How many requests the target accepts before `reset` must run, for writes that hit a service
   * limit (1000 applications). The load then runs in rounds of at most `budget` requests, with
   * an untimed `reset` between rounds; the clock stops during resets.
   */
  budget?: number;
  /** Undoes what the requests of a round created. */
  reset?: () => Promise<void>;
}

/** How to load one endpoint: where, as whom, how many clients, for how long. */
export interface LoadOptions {
  endpoint: string;
  credentials: SigningCredentials;
  request: LoadRequest;
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  /** Measures the server's processes, for CPU time per request. */
  cpu?: CpuMeter;
}

/** What a load run measured, over the measurement window only (the warm-up is discarded). */
export interface LoadResult {
  requests: number;
  throughput: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  /** Error counts by AWS error type, HTTP status or socket error code. */
  errorsByType: Record<string, number>;
  firstError?: string;
  /** Server CPU (user + system, all its processes) per request, in microseconds. */
  serverCpuUsPerRequest?: number;
  /** The load generator's own CPU per request (signing, HTTP client), in microseconds. */
  clientCpuUsPerRequest?: number;
}

const TARGET_PREFIX = 'CodeDeploy_20141006';

/**
 * Runs `concurrency` clients, each sending one SigV4-signed request after another over its own
 * keep-alive connection, for the warm-up plus the measured duration. Only requests that start
 * and finish inside the measured window count, so the warm-up and the tail do not skew rates.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const clock = new ActiveClock();
  const window = { from: options.warmupMs, to: options.warmupMs + options.durationMs };
  const stats = new Samples();
  const cpu = new CpuWindow(options.cpu);
  try {
    for (;;) {
      const round = { left: options.request.budget ?? Infinity };
      const clients = Array.from({ length: options.concurrency }, () => runClient({ options, agent, window, stats, cpu, clock, round }));
      await Promise.all(clients);
      if (clock.now() >= window.to) break;
      // Only a budgeted request ends a round early; all clients are idle now, so no timed
      // request spans the reset.
      await clock.pausedWhile(() => cpu.excluding(() => options.request.reset!()));
    }
  } finally {
    agent.destroy();
  }
  return { ...stats.summarise(options.durationMs), ...cpu.finish() };
}

/** What one client of a round shares with the others. */
interface ClientContext {
  options: LoadOptions;
  agent: Agent;
  window: { from: number; to: number };
  stats: Samples;
  cpu: CpuWindow;
  clock: ActiveClock;
  round: { left: number };
}

async function runClient({ options, agent, window, stats, cpu, clock, round }: ClientContext): Promise<void> {
  const url = new URL('/', options.endpoint);
  while (clock.now() < window.to && round.left > 0) {
    round.left--;
    const begin = clock.now();
    const outcome = await send(url, agent, options);
    const end = clock.now();
    if (begin >= window.from && end <= window.to) stats.add(end - begin, outcome);
    if (end >= window.from) cpu.completed();
  }
}

/**
 * CPU used by the server and by this process from the first request completed in the measured
 * window until the last client stops, minus resets, divided by the requests completed meanwhile.
 */
class CpuWindow {
  #meter?: CpuMeter;
  #from?: { server?: number; client: number };
  #excluded = { server: 0, client: 0 };
  #requests = 0;

  constructor(meter: CpuMeter | undefined) {
    this.#meter = meter;
  }

  completed(): void {
    if (this.#from) this.#requests++;
    else this.#from = this.#sample();
  }

  async excluding(work: () => Promise<void>): Promise<void> {
    if (!this.#from) return work();
    const before = this.#sample();
    await work();
    const after = this.#sample();
    this.#excluded.server += (after.server ?? 0) - (before.server ?? 0);
    this.#excluded.client += after.client - before.client;
  }

  finish(): { serverCpuUsPerRequest?: number; clientCpuUsPerRequest?: number } {
    if (!this.#from || this.#requests === 0) return {};
    const to = this.#sample();
    const perRequestUs = (ms: number) => (ms * 1000) / this.#requests;
    return {
      serverCpuUsPerRequest: to.server === undefined || this.#from.server === undefined
        ? undefined : perRequestUs(to.server - this.#from.server - this.#excluded.server),
      clientCpuUsPerRequest: perRequestUs(to.client - this.#from.client - this.#excluded.client),
    };
  }

  #sample(): { server?: number; client: number } {
    const { user, system } = process.cpuUsage();
    return { server: this.#meter?.sampleMs(), client: (user + system) / 1000 };
  }
}

/** Milliseconds since the run started, not counting time spent in resets. */
class ActiveClock {
  #start = performance.now();
  #paused = 0;

  now(): number {
    return performance.now() - this.#start - this.#paused;
  }

  async pausedWhile(work: () => Promise<void>): Promise<void> {
    const from = performance.now();
    try {
      await work();
    } finally {
      this.#paused += performance.now() - from;
    }
  }
}

/** Sends one signed request; resolves to undefined on HTTP 200, else to an error label. */
function send(url: URL, agent: Agent, options: LoadOptions): Promise<{ error?: string; detail?: string }> {
  const body = Buffer.from(JSON.stringify(options.request.body()));
  const headers = signRequest({
    method: 'POST', url, body,
    headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${TARGET_PREFIX}.${options.request.operation}` },
  }, { credentials: options.credentials, region: 'us-east-1', service: 'codedeploy' });
  headers['content-length'] = String(body.length);
  return new Promise((resolve) => {
    const req = request(url, { method: 'POST', headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(res.statusCode === 200 ? {} : httpError(res.statusCode, res.headers['x-amzn-errortype'], chunks)));
      res.on('error', (e) => resolve({ error: (e as NodeJS.ErrnoException).code ?? 'response error', detail: e.message }));
    });
    req.on('error', (e) => resolve({ error: (e as NodeJS.ErrnoException).code ?? 'request error', detail: e.message }));
    req.end(body);
  });
}

function httpError(status: number | undefined, type: string | string[] | undefined, chunks: Buffer[]): { error: string; detail: string } {
  const name = (Array.isArray(type) ? type[0] : type)?.split(':')[0];
  return { error: name || `HTTP ${status}`, detail: `HTTP ${status} ${Buffer.concat(chunks).toString('utf8').slice(0, 300)}` };
}

/** Latencies and errors of the measured window. */
class Samples {
  #latencies: number[] = [];
  #errorsByType: Record<string, number> = {};
  #firstError?: string;

  add(latencyMs: number, outcome: { error?: string; detail?: string }): void {
    this.#latencies.push(latencyMs);
    if (!outcome.error) return;
    this.#errorsByType[outcome.error] = (this.#errorsByType[outcome.error] ?? 0) + 1;
    this.#firstError ??= `${outcome.error}: ${outcome.detail ?? ''}`;
  }

  summarise(durationMs: number): LoadResult {
    const sorted = Float64Array.from(this.#latencies).sort();
    const errors = Object.values(this.#errorsByType).reduce((a, b) => a + b, 0);
    return {
      requests: sorted.length,
      throughput: sorted.length / (durationMs / 1000),
      p50Ms: percentile(sorted, 0.5),
      p99Ms: percentile(sorted, 0.99),
      maxMs: sorted.length ? sorted[sorted.length - 1]! : NaN,
      errors,
      errorsByType: this.#errorsByType,
      firstError: this.#firstError,
    };
  }
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}
