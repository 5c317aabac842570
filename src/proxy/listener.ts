import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import type { ForwardAction, Listener, ListenerTls } from '../core/proxy-admin.ts';
import { forwardRequest } from './forward.ts';
import type { ProxyMetrics } from './metrics.ts';
import type { ProxyTargetGroup } from './target-group.ts';
import { forwardUpgrade } from './upgrade.ts';
import { WeightedPicker } from './weighted-picker.ts';

/** A listener's settings. */
export interface ListenerConfig {
  port: number;
  host: string;
  tls?: ListenerTls;
  defaultAction: ForwardAction;
}

/** What a listener needs from the proxy around it. */
export interface ListenerOptions {
  name: string;
  config: ListenerConfig;
  targetGroup: (name: string) => ProxyTargetGroup | undefined;
  metrics: ProxyMetrics;
}

const STICKY_COOKIE = 'cutover-tg';
const STICKY_PATTERN = new RegExp(`(?:^|;\\s*)${STICKY_COOKIE}=([^;]+)`);

/**
 * A port that takes client traffic and forwards every request by its default action: a
 * weighted choice of target group (smooth weighted round-robin), kept per client by the
 * `cutover-tg` cookie when stickiness is on, then a target of that group.
 */
export class ProxyListener {
  readonly name: string;
  #config: ListenerConfig;
  #server: Server | undefined;
  readonly #options: ListenerOptions;
  readonly #picker = new WeightedPicker();
  #inFlight = 0;

  constructor(options: ListenerOptions) {
    this.name = options.name;
    this.#options = options;
    this.#config = options.config;
  }

  /** The current settings; `port` is the bound port once bound (a configured 0 becomes the real one). */
  get config(): ListenerConfig {
    return this.#config;
  }

  /** Opens the port. Throws the listen error (EADDRINUSE, EACCES) or a TLS file error. */
  async bind(): Promise<void> {
    this.#server = await this.#listen(this.#config);
  }

  /** Applies new settings: the forward action at once; a new port, host or TLS by binding anew first. */
  async reconfigure(config: ListenerConfig): Promise<void> {
    if (sameSocket(config, this.#config) && this.#server) {
      this.#config = { ...config, port: this.#config.port };
      this.#picker.reset();
      return;
    }
    const old = this.#server;
    const samePort = config.port === this.#config.port && config.port !== 0;
    if (old && samePort) await closeServer(old, 0);
    this.#server = await this.#listen(config);
    this.#config = { ...config, port: this.#config.port };
    this.#picker.reset();
    if (old && !samePort) void closeServer(old, 10_000);
  }

  /** Sets the forward action's weights; groups not named get 0. */
  setWeights(weights: Readonly<Record<string, number>>): void {
    const forward = this.#config.defaultAction.forward;
    const listed = forward.targetGroups.map((g) => g.name);
    const names = [...new Set([...listed, ...Object.keys(weights)])];
    forward.targetGroups = names.map((name) => ({ name, weight: weights[name] ?? 0 }));
    this.#picker.reset();
  }

  /** Stops accepting, lets requests in flight finish for up to `drainMs`, then cuts what is left. */
  async close(drainMs: number): Promise<void> {
    if (this.#server) await closeServer(this.#server, drainMs, () => this.#inFlight === 0);
    this.#server = undefined;
  }

  /** The admin API's view. */
  toJSON(): Listener {
    const { port, host, tls, defaultAction } = this.#config;
    return { name: this.name, port, host, ...(tls ? { tls } : {}), defaultAction };
  }

  async #listen(config: ListenerConfig): Promise<Server> {
    const server = config.tls
      ? createHttpsServer({ cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) })
      : createHttpServer();
    server.keepAliveTimeout = 65_000;
    server.on('request', (req, res) => this.#handle(req, res));
    server.on('upgrade', (req, socket, head) => this.#upgrade(req, socket, head));
    server.on('clientError', (_error, socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    if (address && typeof address === 'object') this.#config = { ...this.#config, port: address.port };
    return server;
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const started = process.hrtime.bigint();
    const { group, setCookie } = this.#choose(req);
    this.#inFlight += 1;
    res.once('close', () => {
      this.#inFlight -= 1;
      if (!res.headersSent) return;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.#options.metrics.record({ listener: this.name, targetGroup: group?.name, status: res.statusCode, seconds });
    });
    if (!group) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end(`listener ${this.name} forwards to no target group\n`);
      return;
    }
    forwardRequest({ req, res, group, secure: this.#config.tls !== undefined, setCookie });
  }

  #upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const { group, setCookie } = this.#choose(req);
    if (!group) return void socket.end('HTTP/1.1 503 Service Unavailable\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    forwardUpgrade({ req, socket, head, group, secure: this.#config.tls !== undefined, setCookie });
  }

  /** The target group for a request, and the cookie to set when stickiness chose it anew. */
  #choose(req: IncomingMessage): { group?: ProxyTargetGroup; setCookie?: string } {
    const forward = this.#config.defaultAction.forward;
    const lookup = this.#options.targetGroup;
    // The common case, one group and no stickiness, without building the candidate lists per request.
    if (forward.targetGroups.length === 1 && forward.stickiness?.enabled !== true) {
      const only = forward.targetGroups[0]!;
      return only.weight > 0 ? { group: lookup(only.name) } : {};
    }
    const weighted = forward.targetGroups.filter((g) => g.weight > 0);
    // Groups with a healthy target first: a group whose targets are all still `initial` (say,
    // green right after registration) gets traffic only when no group has a healthy target
    // (say, right after a restart, when every target starts as `initial`).
    const healthy = weighted.filter((g) => lookup(g.name)?.hasHealthy());
    const available = healthy.length > 0 ? healthy : weighted.filter((g) => lookup(g.name)?.hasRoutable());
    const sticky = forward.stickiness?.enabled === true;
    if (sticky) {
      const wanted = STICKY_PATTERN.exec(req.headers.cookie ?? '')?.[1];
      if (wanted && available.some((g) => g.name === wanted)) return { group: lookup(wanted) };
    }
    // With no group able to serve, the choice still follows the weights, so that the 503 is
    // counted against the group that should have answered.
    const name = this.#picker.pick(available.length > 0 ? available : weighted);
    if (name === undefined) return {};
    const setCookie = sticky ? `${STICKY_COOKIE}=${name}; Max-Age=${forward.stickiness!.durationSeconds}; Path=/; HttpOnly` : undefined;
    return { group: lookup(name), setCookie };
  }
}

function sameSocket(a: ListenerConfig, b: ListenerConfig): boolean {
  return a.port === b.port && a.host === b.host && a.tls?.certFile === b.tls?.certFile && a.tls?.keyFile === b.tls?.keyFile;
}

/** Stops a server accepting; waits for `isIdle` (or all connections) up to `drainMs`, then cuts the rest. */
async function closeServer(server: Server, drainMs: number, isIdle?: () => boolean): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const deadline = Date.now() + drainMs;
  while (Date.now() < deadline && !(isIdle?.() ?? false)) {
    const done = await Promise.race([closed.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 50))]);
    if (done) return;
    server.closeIdleConnections();
  }
  server.closeAllConnections();
  await closed;
}
