import { readFileSync } from 'node:fs';
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import type { ForwardAction, Listener, ListenerTls } from '../core/proxy-admin.ts';
import { ClientConnection, type ListenerContext } from './http1/client-connection.ts';
import type { ProxyMetrics } from './metrics.ts';
import type { ProxyTargetGroup } from './target-group.ts';
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
/** A client connection with no request under way is closed after this long (as ALB's idle timeout, 60 s, plus slack). */
const CLIENT_IDLE_MS = 65_000;
const STICKY_PATTERN = new RegExp(`(?:^|;\\s*)${STICKY_COOKIE}=([^;]+)`);

/**
 * A port that takes client traffic and forwards every request by its default action: a
 * weighted choice of target group (smooth weighted round-robin), kept per client by the
 * `cutover-tg` cookie when stickiness is on, then a target of that group.
 */
export class ProxyListener implements ListenerContext {
  readonly name: string;
  #config: ListenerConfig;
  #server: Server | undefined;
  readonly #options: ListenerOptions;
  readonly #picker = new WeightedPicker();
  readonly #connections = new Set<ClientConnection>();
  #sweeper: NodeJS.Timeout | undefined;
  #closing = false;

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
    if (old && samePort) await closeServer(old, 0, this.#connections);
    this.#server = await this.#listen(config);
    this.#config = { ...config, port: this.#config.port };
    this.#picker.reset();
    if (old && !samePort) void closeServer(old, 10_000, this.#connections);
  }

  /** Sets the forward action's weights; groups not named get 0. */
  setWeights(weights: Readonly<Record<string, number>>): void {
    const forward = this.#config.defaultAction.forward;
    const listed = forward.targetGroups.map((g) => g.name);
    const names = [...new Set([...listed, ...Object.keys(weights)])];
    forward.targetGroups = names.map((name) => ({ name, weight: weights[name] ?? 0 }));
    this.#picker.reset();
  }

  get secure(): boolean {
    return this.#config.tls !== undefined;
  }

  get metrics(): ProxyMetrics {
    return this.#options.metrics;
  }

  get closing(): boolean {
    return this.#closing;
  }

  /** Stops accepting, lets requests in flight finish for up to `drainMs`, then cuts what is left. */
  async close(drainMs: number): Promise<void> {
    this.#closing = true;
    clearInterval(this.#sweeper);
    if (this.#server) await closeServer(this.#server, drainMs, this.#connections);
    this.#server = undefined;
  }

  /** The admin API's view. */
  toJSON(): Listener {
    const { port, host, tls, defaultAction } = this.#config;
    return { name: this.name, port, host, ...(tls ? { tls } : {}), defaultAction };
  }

  async #listen(config: ListenerConfig): Promise<Server> {
    // Half-open: a client that closed its sending side still gets its answers.
    const server = config.tls
      ? createTlsServer({ cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile), allowHalfOpen: true })
      : createTcpServer({ allowHalfOpen: true });
    server.on(config.tls ? 'secureConnection' : 'connection', (socket: Socket) => this.#accept(socket));
    // A failed TLS handshake concerns that client only.
    server.on('tlsClientError', (_error: Error, socket: Socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    if (address && typeof address === 'object') this.#config = { ...this.#config, port: address.port };
    this.#sweeper ??= setInterval(() => this.#closeIdle(), 1_000).unref();
    return server;
  }

  #accept(socket: Socket): void {
    const connection = new ClientConnection(socket, this);
    this.#connections.add(connection);
    socket.once('close', () => this.#connections.delete(connection));
    if (this.#closing) connection.closeSoon();
  }

  /** Closes connections that had nothing to do for too long, including clients that never finish a request head. */
  #closeIdle(): void {
    const cutoff = Date.now() - CLIENT_IDLE_MS;
    for (const connection of this.#connections) if (connection.idle && connection.idleSince < cutoff) connection.socket.destroy();
  }

  /** The target group for a request, and the cookie to set when stickiness chose it anew. */
  choose(cookie: string | undefined): { group?: ProxyTargetGroup; setCookie?: string } {
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
      const wanted = STICKY_PATTERN.exec(cookie ?? '')?.[1];
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

/** Stops a server accepting; closes idle connections at once and busy ones after their answer, up to `drainMs`, then cuts the rest. */
async function closeServer(server: Server, drainMs: number, connections: ReadonlySet<ClientConnection>): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // The connections open now: those accepted later (by a new socket of the same listener) stay.
  const open = [...connections];
  for (const connection of open) connection.closeSoon();
  const deadline = Date.now() + drainMs;
  while (open.some((c) => !c.socket.destroyed) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  for (const connection of open) connection.socket.destroy();
  await closed;
}
