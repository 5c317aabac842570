import type { Listener, ProxyTargetState, TargetGroup } from '../../core/proxy-admin.ts';
import { TargetNames } from './proxy-router-target-names.ts';
import {
  TrafficRouterError, type TargetDescription, type TargetHealthState, type TrafficRouter, type TrafficTarget,
} from './traffic-router.ts';

/** Where a `cutover proxy` admin API is and how to call it. */
export interface ProxyRouterOptions {
  /** The admin listener, e.g. `http://127.0.0.1:8790`. */
  adminUrl: string;
  /** The admin token (`<proxy-data-dir>/admin-token`). */
  token: string;
  /** Give up on one admin call after this long; default 5 s. */
  timeoutMs?: number;
}

/** How long one admin call may take by default: a local proxy answers in milliseconds. */
export const DEFAULT_PROXY_TIMEOUT_MS = 5_000;

const STATES: Readonly<Record<ProxyTargetState, TargetHealthState>> = {
  initial: 'initial', healthy: 'healthy', unhealthy: 'unhealthy', draining: 'draining',
};

/**
 * ProxyRouter drives the built-in `cutover proxy` through its admin API (docs/proxy.md). It uses
 * plain fetch rather than src/client/, because the engine may import only core and store.
 */
export class ProxyRouter implements TrafficRouter {
  readonly description: string;
  readonly #options: Required<ProxyRouterOptions>;
  readonly #names = new TargetNames();

  constructor(options: ProxyRouterOptions) {
    this.#options = { timeoutMs: DEFAULT_PROXY_TIMEOUT_MS, ...options, adminUrl: options.adminUrl.replace(/\/+$/, '') };
    this.description = `cutover proxy at ${this.#options.adminUrl}`;
  }

  async register(targetGroup: string, targets: readonly TrafficTarget[]): Promise<void> {
    this.#names.remember(targets);
    await this.#call('POST', `/v1/target-groups/${enc(targetGroup)}/register`, { targets: addressesOf(targets) });
  }

  async deregister(targetGroup: string, targets: readonly TrafficTarget[]): Promise<void> {
    await this.#call('POST', `/v1/target-groups/${enc(targetGroup)}/deregister`, { targets: addressesOf(targets) });
  }

  async describe(targetGroup: string): Promise<TargetDescription[]> {
    const group = await this.#call('GET', `/v1/target-groups/${enc(targetGroup)}`) as TargetGroup;
    return group.targets.map((t) => ({ instanceName: this.#names.nameOf(t.address), address: t.address, state: STATES[t.state] ?? 'unhealthy' }));
  }

  async setWeights(listener: string, weights: Readonly<Record<string, number>>): Promise<void> {
    await this.#call('PUT', `/v1/listeners/${enc(listener)}/weights`, { weights });
  }

  async getWeights(listener: string): Promise<Record<string, number>> {
    const found = await this.#call('GET', `/v1/listeners/${enc(listener)}`) as Listener;
    return Object.fromEntries(found.defaultAction.forward.targetGroups.map((g) => [g.name, g.weight]));
  }

  async #call(method: string, path: string, body?: unknown): Promise<unknown> {
    const what = `${method} ${path} on ${this.description}`;
    let response: Response;
    try {
      response = await fetch(this.#options.adminUrl + path, {
        method,
        headers: { authorization: `Bearer ${this.#options.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.#options.timeoutMs),
      });
    } catch (error) {
      throw new TrafficRouterError('UNREACHABLE', `${what} failed: ${reasonOf(error)}`, { cause: error });
    }
    const text = await readBody(response, what);
    if (!response.ok) throw failureOf(response.status, what, text);
    return text ? JSON.parse(text) : undefined;
  }
}

async function readBody(response: Response, what: string): Promise<string> {
  try {
    return await response.text();
  } catch (error) {
    throw new TrafficRouterError('UNREACHABLE', `${what} failed while reading the answer: ${reasonOf(error)}`, { cause: error });
  }
}

function failureOf(status: number, what: string, text: string): TrafficRouterError {
  const message = `${what} answered ${status}: ${errorMessageOf(text)}`;
  if (status === 404) return new TrafficRouterError('NOT_FOUND', message);
  // A 5xx means the proxy is there but not working: for the engine that is as good as unreachable.
  if (status >= 500) return new TrafficRouterError('UNREACHABLE', message);
  return new TrafficRouterError('REFUSED', message);
}

function errorMessageOf(text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: { code?: string; message?: string } };
    if (parsed.error) return `${parsed.error.code ?? 'Error'}: ${parsed.error.message ?? ''}`.trim();
  } catch {
    // Not the admin API's JSON error shape: quote the start of what came back instead.
  }
  return text.slice(0, 200) || '(empty body)';
}

/** The root cause of a failed fetch: `connect ECONNREFUSED 127.0.0.1:8790`, or a timeout. */
function reasonOf(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'no answer in time';
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error) return cause.message;
  return error instanceof Error ? error.message : String(error);
}

function addressesOf(targets: readonly TrafficTarget[]): { address: string }[] {
  return targets.map((t) => ({ address: t.address }));
}

function enc(name: string): string {
  return encodeURIComponent(name);
}
