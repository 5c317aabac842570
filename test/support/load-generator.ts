import { Agent, request, createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request's outcome. */
export interface LoadOutcome {
  /** When it was sent (ms since the load started). */
  at: number;
  /** HTTP status, or undefined when the request failed below HTTP. */
  status?: number;
  /** The body: test backends answer with their name and version. */
  body?: string;
  /** A connection error or timeout (`ECONNRESET`, `timeout`). */
  error?: string;
  ms: number;
}

/** What a load run saw. */
export interface LoadSummary {
  sent: number;
  /** Answered with a status below 500. */
  ok: number;
  /** 5xx answers and connection errors, each recorded. */
  failures: LoadOutcome[];
  /** Answer counts by body (which backend and version answered). */
  byBody: Record<string, number>;
  /** Achieved request rate over the run. */
  ratePerSecond: number;
  outcomes: LoadOutcome[];
}

/** Settings of a load run. */
export interface LoadOptions {
  url: string;
  /** Requests per second, sent on schedule whether or not earlier ones finished; default 250. */
  ratePerSecond?: number;
  /** Keep-alive connections; default 4. */
  connections?: number;
  /** A request without an answer within this long is a failure; default 5 s. */
  timeoutMs?: number;
  /** Stop sending after this many requests; default no limit. */
  count?: number;
}

/** A load run in progress. */
export interface LoadRun {
  /** Outcomes so far. */
  outcomes(): readonly LoadOutcome[];
  /** Requests sent so far. */
  sent(): number;
  /** Stops sending, waits for the requests in flight, and summarises. */
  stop(): Promise<LoadSummary>;
}

/**
 * Starts constant-rate HTTP load (open loop: requests go out on schedule, so a slow answer
 * cannot hide a gap) over a few keep-alive connections, recording every outcome.
 */
export function startLoad(options: LoadOptions): LoadRun {
  const rate = options.ratePerSecond ?? 250;
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections ?? 4 });
  const outcomes: LoadOutcome[] = [];
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  let sent = 0;
  const tick = () => {
    const due = Math.min(Math.floor(((performance.now() - started) / 1000) * rate), options.count ?? Infinity);
    while (sent < due) {
      sent++;
      const p = send(options.url, agent, options.timeoutMs ?? 5000, performance.now() - started).then((o) => void outcomes.push(o));
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    }
  };
  const timer = setInterval(tick, 5);
  return {
    outcomes: () => outcomes,
    sent: () => sent,
    async stop() {
      clearInterval(timer);
      const seconds = (performance.now() - started) / 1000;
      while (inFlight.size > 0) await Promise.all([...inFlight]);
      agent.destroy();
      return summarise(outcomes, seconds);
    },
  };
}

/** Sends `count` requests at the given rate, waits for every answer, and summarises them. */
export async function runLoad(options: LoadOptions & { count: number }): Promise<LoadSummary> {
  const run = startLoad(options);
  // Every request ends by itself (answer, error or timeout), so this wait is bounded.
  while (run.sent() < options.count) await new Promise((r) => setTimeout(r, 20));
  return run.stop();
}

function send(url: string, agent: Agent, timeoutMs: number, at: number): Promise<LoadOutcome> {
  const begin = performance.now();
  return new Promise((resolve) => {
    const done = (o: Omit<LoadOutcome, 'at' | 'ms'>) => resolve({ at, ms: performance.now() - begin, ...o });
    const req = request(url, { agent, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => done({ status: res.statusCode, body: body.trim() }));
      res.on('error', (e) => done({ status: res.statusCode, error: e.message }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e: NodeJS.ErrnoException) => done({ error: e.code ?? e.message }));
    req.end();
  });
}

function summarise(outcomes: LoadOutcome[], seconds: number): LoadSummary {
  const failures = outcomes.filter((o) => o.error !== undefined || (o.status ?? 500) >= 500);
  const byBody: Record<string, number> = {};
  for (const o of outcomes) if (o.body !== undefined && o.status === 200) byBody[o.body] = (byBody[o.body] ?? 0) + 1;
  return { sent: outcomes.length, ok: outcomes.length - failures.length, failures, byBody, ratePerSecond: outcomes.length / seconds, outcomes };
}

/** Failures in a readable form for assertion messages (the first few). */
export function describeFailures(summary: LoadSummary): string {
  return summary.failures.slice(0, 10).map((f) => `at ${Math.round(f.at)} ms: ${f.error ?? `HTTP ${f.status} ${f.body ?? ''}`}`).join('\n');
}

/** A tiny backend answering every request with its name, e.g. `blue-1 v1`. */
export interface TestBackend {
  address: string;
  port: number;
  name: string;
  /** Requests it is answering right now. */
  inFlight(): number;
  /** Stops listening and cuts open connections. */
  close(): Promise<void>;
}

/** Starts a backend on 127.0.0.1 (a free port unless given); `/slow?ms=N` answers after N ms. */
export async function startTestBackend(name: string, port = 0): Promise<TestBackend> {
  let inFlight = 0;
  const server: Server = createServer((req, res) => {
    const slow = /^\/slow\?ms=(\d+)/.exec(req.url ?? '');
    inFlight++;
    res.on('close', () => inFlight--);
    const answer = () => res.end(`${name}\n`);
    if (slow) setTimeout(answer, Number(slow[1]));
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actual = (server.address() as AddressInfo).port;
  return {
    address: `127.0.0.1:${actual}`, port: actual, name, inFlight: () => inFlight,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
