import type { HealthCheck, TargetGroup } from '../core/proxy-admin.ts';
import { HealthProbe } from './health-probe.ts';
import { Target } from './target.ts';

/** A target group's settings (everything but its targets). */
export interface TargetGroupConfig {
  healthCheck: HealthCheck;
  deregistrationDelaySeconds: number;
  requestTimeoutSeconds: number;
}

/**
 * A named set of targets behind one health check. Picks a target per request, round-robin over
 * the healthy ones; while none is healthy yet, over the `initial` ones (so that a freshly
 * started proxy serves at once instead of answering 503 until the first checks pass). Never
 * picks `unhealthy` or `draining` targets.
 */
export class ProxyTargetGroup {
  readonly name: string;
  #config: TargetGroupConfig;
  readonly #targets = new Map<string, Target>();
  readonly #probes = new Map<Target, HealthProbe>();
  readonly #drainTimers = new Map<Target, NodeJS.Timeout>();
  readonly #onChange: () => void;
  #next = 0;
  // Recomputed only when a target's state or membership changes, not per request.
  #routableCache: Target[] | undefined;

  constructor(options: { name: string; config: TargetGroupConfig; onChange?: () => void }) {
    this.name = options.name;
    this.#config = options.config;
    this.#onChange = options.onChange ?? (() => {});
  }

  /** The current settings. */
  get config(): TargetGroupConfig {
    return this.#config;
  }

  /** Replaces the settings; targets keep their states and are probed on the new check. */
  configure(config: TargetGroupConfig): void {
    this.#config = config;
    // A copy: restarting a probe re-inserts it, and a Map iteration would visit it again forever.
    for (const target of [...this.#probes.keys()]) this.#startProbe(target);
  }

  /** Adds targets; a draining one becomes `initial` again, others already present are left alone. */
  register(addresses: readonly string[]): void {
    for (const address of addresses) {
      const existing = this.#targets.get(address);
      if (existing && existing.state !== 'draining') continue;
      const target = existing ?? new Target(address);
      if (existing) this.#cancelDrain(existing);
      target.reset();
      this.#targets.set(address, target);
      this.#startProbe(target);
    }
    this.#routableCache = undefined;
  }

  /** Starts draining targets: no new requests; removed when idle or after the deregistration delay. */
  deregister(addresses: readonly string[]): void {
    for (const address of addresses) {
      const target = this.#targets.get(address);
      if (!target || target.state === 'draining') continue;
      this.#stopProbe(target);
      target.state = 'draining';
      const timer = setTimeout(() => this.#remove(target), this.#config.deregistrationDelaySeconds * 1000);
      timer.unref();
      this.#drainTimers.set(target, timer);
      target.onIdle(() => this.#remove(target));
      if (target.inFlight === 0) this.#remove(target);
    }
    this.#routableCache = undefined;
  }

  /** The next target for a request, skipping `except` (a target that just failed); undefined if none is routable. */
  pick(except?: Target): Target | undefined {
    const routable = this.#routable();
    const candidates = except ? routable.filter((t) => t !== except) : routable;
    if (candidates.length === 0) return undefined;
    this.#next = (this.#next + 1) % candidates.length;
    return candidates[this.#next];
  }

  /** Whether a request sent now would find a target. */
  hasRoutable(): boolean {
    return this.#routable().length > 0;
  }

  /** Whether some target passed its health check (routable targets are then healthy ones). */
  hasHealthy(): boolean {
    return this.#routable()[0]?.state === 'healthy';
  }

  /** The registered addresses that are not draining (what is persisted). */
  registeredAddresses(): string[] {
    return [...this.#targets.values()].filter((t) => t.state !== 'draining').map((t) => t.address);
  }

  /** The admin API's view of this group. */
  toJSON(): TargetGroup {
    return {
      name: this.name, ...this.#config, healthCheck: { ...this.#config.healthCheck },
      targets: [...this.#targets.values()].map((t) => ({ address: t.address, state: t.state })),
    };
  }

  /** Stops every probe and timer and closes every connection. */
  close(): void {
    for (const target of this.#targets.values()) {
      this.#stopProbe(target);
      this.#cancelDrain(target);
      target.destroy();
    }
    this.#targets.clear();
    this.#routableCache = undefined;
  }

  #routable(): Target[] {
    return (this.#routableCache ??= this.#computeRoutable());
  }

  #computeRoutable(): Target[] {
    const all = [...this.#targets.values()];
    const healthy = all.filter((t) => t.state === 'healthy');
    return healthy.length > 0 ? healthy : all.filter((t) => t.state === 'initial');
  }

  #startProbe(target: Target): void {
    this.#stopProbe(target);
    const onChange = () => {
      this.#routableCache = undefined;
      this.#onChange();
    };
    const probe = new HealthProbe({ target, check: this.#config.healthCheck, onChange });
    this.#probes.set(target, probe);
    probe.start();
  }

  #stopProbe(target: Target): void {
    this.#probes.get(target)?.stop();
    this.#probes.delete(target);
  }

  #cancelDrain(target: Target): void {
    clearTimeout(this.#drainTimers.get(target));
    this.#drainTimers.delete(target);
    target.onIdle(undefined);
  }

  #remove(target: Target): void {
    if (this.#targets.get(target.address) !== target || target.state !== 'draining') return;
    this.#cancelDrain(target);
    this.#targets.delete(target.address);
    this.#routableCache = undefined;
    // Reached when idle (nothing to cut) or when the delay passed: the delay is all the time a
    // draining target's requests and tunnels were promised, so whatever is left is cut now.
    target.destroy();
    this.#onChange();
  }
}
