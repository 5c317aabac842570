import type { Socket } from 'node:net';
import type { ProxyTargetState } from '../core/proxy-admin.ts';
import { UpstreamPool } from './http1/upstream-pool.ts';

/** Upstream connections per target; beyond this, requests queue in the pool. */
const MAX_SOCKETS_PER_TARGET = 256;

/** Health-check counters and thresholds, as a target group's check defines them. */
export interface ProbeThresholds {
  healthyThreshold: number;
  unhealthyThreshold: number;
}

/**
 * One backend of a target group: its state, its keep-alive connection pool and the requests
 * and WebSocket tunnels in flight on it.
 *
 *   register ─► initial ──N ok──► healthy ◄──N ok── unhealthy
 *                  │                 └──N failed──►    ▲
 *                  └──────────N failed─────────────────┘
 *   deregister (any state) ─► draining ─► removed (in-flight done, or the delay passed)
 */
export class Target {
  readonly address: string;
  readonly host: string;
  readonly port: number;
  /** Keep-alive connections to the target, for plain requests (upgrades get their own socket). */
  readonly pool: UpstreamPool;
  readonly tunnels = new Set<Socket>();
  state: ProxyTargetState = 'initial';
  #inFlight = 0;
  #successes = 0;
  #failures = 0;
  #onIdle: (() => void) | undefined;

  constructor(address: string) {
    this.address = address;
    const colon = address.lastIndexOf(':');
    this.host = address.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
    this.port = Number(address.slice(colon + 1));
    this.pool = new UpstreamPool(this.host, this.port, MAX_SOCKETS_PER_TARGET);
  }

  /** Requests and tunnels currently using this target. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Counts a request or tunnel that starts on this target; returns the function that ends it (once). */
  acquire(): () => void {
    this.#inFlight += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#inFlight -= 1;
      if (this.#inFlight === 0) this.#onIdle?.();
    };
  }

  /** Calls `callback` whenever the last in-flight request ends (used while draining). */
  onIdle(callback: (() => void) | undefined): void {
    this.#onIdle = callback;
  }

  /** Starts over as a new registration: `initial`, no probe history. */
  reset(): void {
    this.state = 'initial';
    this.#successes = 0;
    this.#failures = 0;
  }

  /** Applies one health probe's outcome; returns whether the state changed. */
  recordProbe(ok: boolean, thresholds: ProbeThresholds): boolean {
    if (this.state === 'draining') return false;
    if (ok) {
      this.#failures = 0;
      this.#successes += 1;
      return this.#become('healthy', this.#successes >= thresholds.healthyThreshold);
    }
    this.#successes = 0;
    this.#failures += 1;
    return this.#become('unhealthy', this.#failures >= thresholds.unhealthyThreshold);
  }

  /** Closes pooled connections and any WebSocket tunnels still open. */
  destroy(): void {
    this.pool.destroy();
    for (const socket of this.tunnels) socket.destroy();
    this.tunnels.clear();
  }

  #become(state: ProxyTargetState, reached: boolean): boolean {
    if (!reached || this.state === state) return false;
    this.state = state;
    return true;
  }
}
