import { Agent, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type {
  Listener, ListenerSettings, TargetGroup, TargetGroupMetrics, TargetGroupSettings,
} from '../core/proxy-admin.ts';

/** Where a `cutover proxy` admin API listens, and the token it wants. */
export interface ProxyAdminClientOptions {
  /** e.g. `http://127.0.0.1:8790`. */
  url: string;
  token: string;
  /** Gives up on a call after this long (default 10 s). */
  timeoutMs?: number;
}

/**
 * An error answer from the admin API: `code` is one of BadRequest, Unauthorized, NotFound,
 * Conflict (or Unexpected for an answer that is not the API's error form).
 */
export class ProxyAdminError extends Error {
  override name = 'ProxyAdminError';
  readonly code: string;
  readonly status: number;

  constructor(code: string, status: number, message: string) {
    super(`${code}: ${message}`);
    this.code = code;
    this.status = status;
  }
}

// One keep-alive pool for every client in the process: the engine calls the admin API on
// every reconcile pass.
const AGENT = new Agent({ keepAlive: true, maxSockets: 8 });

/**
 * A typed client of the `cutover proxy` admin API (docs/proxy.md). Every method maps to one
 * request; error answers throw ProxyAdminError, and an unreachable proxy throws the socket
 * error (ECONNREFUSED and the like) as is.
 */
export class ProxyAdminClient {
  readonly #url: URL;
  readonly #token: string;
  readonly #timeoutMs: number;

  constructor(options: ProxyAdminClientOptions) {
    this.#url = new URL(options.url);
    this.#token = options.token;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** Every target group with its targets and their states. */
  async listTargetGroups(): Promise<TargetGroup[]> {
    return (await this.#call('GET', '/v1/target-groups')).targetGroups;
  }

  /** One target group; throws NotFound when absent. */
  getTargetGroup(name: string): Promise<TargetGroup> {
    return this.#call('GET', `/v1/target-groups/${enc(name)}`);
  }

  /** Creates a target group or updates its settings (its targets are kept). */
  putTargetGroup(name: string, settings: TargetGroupSettings = {}): Promise<TargetGroup> {
    return this.#call('PUT', `/v1/target-groups/${enc(name)}`, settings);
  }

  /** Deletes a target group; Conflict while a listener forwards to it with weight > 0. */
  async deleteTargetGroup(name: string): Promise<void> {
    await this.#call('DELETE', `/v1/target-groups/${enc(name)}`);
  }

  /** Registers `host:port` targets (idempotent). */
  registerTargets(name: string, addresses: readonly string[]): Promise<TargetGroup> {
    return this.#call('POST', `/v1/target-groups/${enc(name)}/register`, { targets: addresses.map((address) => ({ address })) });
  }

  /** Starts draining `host:port` targets out of the group (idempotent). */
  deregisterTargets(name: string, addresses: readonly string[]): Promise<TargetGroup> {
    return this.#call('POST', `/v1/target-groups/${enc(name)}/deregister`, { targets: addresses.map((address) => ({ address })) });
  }

  /** Request counts by code class and the latency histogram of one target group. */
  targetGroupMetrics(name: string): Promise<TargetGroupMetrics> {
    return this.#call('GET', `/v1/target-groups/${enc(name)}/metrics`);
  }

  /** Every listener. */
  async listListeners(): Promise<Listener[]> {
    return (await this.#call('GET', '/v1/listeners')).listeners;
  }

  /** One listener; throws NotFound when absent. */
  getListener(name: string): Promise<Listener> {
    return this.#call('GET', `/v1/listeners/${enc(name)}`);
  }

  /** Creates or replaces a listener (binding its port). */
  putListener(name: string, settings: ListenerSettings): Promise<Listener> {
    return this.#call('PUT', `/v1/listeners/${enc(name)}`, settings);
  }

  /** Deletes a listener (its port closes). */
  async deleteListener(name: string): Promise<void> {
    await this.#call('DELETE', `/v1/listeners/${enc(name)}`);
  }

  /** Sets a listener's split in percent; groups left out get 0. */
  setWeights(name: string, weights: Readonly<Record<string, number>>): Promise<Listener> {
    return this.#call('PUT', `/v1/listeners/${enc(name)}/weights`, { weights });
  }

  /** The split a listener applies, as `{ group: percent }`. */
  async getWeights(name: string): Promise<Record<string, number>> {
    const listener = await this.getListener(name);
    return Object.fromEntries(listener.defaultAction.forward.targetGroups.map((g) => [g.name, g.weight]));
  }

  /** The Prometheus text of `GET /metrics`. */
  async prometheusMetrics(): Promise<string> {
    return (await this.#send('GET', '/metrics')).text;
  }

  async #call(method: string, path: string, body?: unknown): Promise<any> {
    const { status, text } = await this.#send(method, path, body);
    const parsed = text ? parseJson(text) : undefined;
    if (status >= 200 && status < 300) return parsed;
    const error = parsed?.error;
    if (typeof error?.code === 'string') throw new ProxyAdminError(error.code, status, String(error.message ?? ''));
    throw new ProxyAdminError('Unexpected', status, `HTTP ${status}: ${text.slice(0, 200)}`);
  }

  #send(method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
    const url = new URL(path, this.#url);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string> = { authorization: `Bearer ${this.#token}`, accept: 'application/json' };
    if (payload) Object.assign(headers, { 'content-type': 'application/json', 'content-length': String(payload.length) });
    const secure = url.protocol === 'https:';
    return new Promise((resolve, reject) => {
      const req = (secure ? httpsRequest : httpRequest)(url, { method, headers, agent: secure ? undefined : AGENT, timeout: this.#timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(Object.assign(new Error(`proxy admin API did not answer ${method} ${path} within ${this.#timeoutMs} ms`), { code: 'ETIMEDOUT' })));
      req.on('error', reject);
      req.end(payload);
    });
  }
}

function enc(name: string): string {
  return encodeURIComponent(name);
}

function parseJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
