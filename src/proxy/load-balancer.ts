import { weightProblem, type Listener, type TargetGroup } from '../core/proxy-admin.ts';
import { AdminError, badRequest } from './admin-error.ts';
import { ProxyListener, type ListenerConfig } from './listener.ts';
import type { ProxyMetrics } from './metrics.ts';
import type { PersistedState } from './state-file.ts';
import { ProxyTargetGroup, type TargetGroupConfig } from './target-group.ts';

/** What a load balancer needs: where to count, and what to call after each change to persist it. */
export interface LoadBalancerOptions {
  metrics: ProxyMetrics;
  /** Called with the new state after every change the admin API makes. */
  persist: (state: PersistedState) => void;
  /** How long a closing listener waits for requests in flight. */
  drainMs?: number;
}

/**
 * The proxy's live model: target groups and listeners by name. Every admin API change goes
 * through here, is checked against the rest of the model (a listener may only name existing
 * groups; a group in use cannot be deleted), and is persisted.
 */
export class LoadBalancer {
  readonly #groups = new Map<string, ProxyTargetGroup>();
  readonly #listeners = new Map<string, ProxyListener>();
  readonly #options: LoadBalancerOptions;

  constructor(options: LoadBalancerOptions) {
    this.#options = options;
  }

  /** Every target group, by name. */
  targetGroups(): TargetGroup[] {
    return [...this.#groups.values()].map((g) => g.toJSON());
  }

  /** One target group; NotFound when absent. */
  targetGroup(name: string): TargetGroup {
    return this.#group(name).toJSON();
  }

  /** Creates or reconfigures a target group (its targets are kept). */
  putTargetGroup(name: string, config: TargetGroupConfig): TargetGroup {
    const existing = this.#groups.get(name);
    if (existing) existing.configure(config);
    else this.#groups.set(name, new ProxyTargetGroup({ name, config }));
    this.#persist();
    return this.targetGroup(name);
  }

  /** Deletes a target group; Conflict while a listener sends it traffic (listings with weight 0 are dropped). */
  deleteTargetGroup(name: string): void {
    const group = this.#group(name);
    for (const listener of this.#listeners.values()) {
      const entry = listener.config.defaultAction.forward.targetGroups.find((g) => g.name === name);
      if (entry && entry.weight > 0) throw new AdminError('Conflict', `listener ${listener.name} forwards to target group ${name} with weight ${entry.weight}`);
    }
    for (const listener of this.#listeners.values()) {
      const forward = listener.config.defaultAction.forward;
      forward.targetGroups = forward.targetGroups.filter((g) => g.name !== name);
    }
    group.close();
    this.#groups.delete(name);
    this.#persist();
  }

  /** Registers targets in a group. */
  register(name: string, addresses: readonly string[]): TargetGroup {
    this.#group(name).register(addresses);
    this.#persist();
    return this.targetGroup(name);
  }

  /** Starts draining targets out of a group. */
  deregister(name: string, addresses: readonly string[]): TargetGroup {
    this.#group(name).deregister(addresses);
    this.#persist();
    return this.targetGroup(name);
  }

  /** Every listener. */
  listeners(): Listener[] {
    return [...this.#listeners.values()].map((l) => l.toJSON());
  }

  /** One listener; NotFound when absent. */
  listener(name: string): Listener {
    return this.#listener(name).toJSON();
  }

  /** Creates a listener (binding its port) or reconfigures one. Conflict when the port cannot be bound. */
  async putListener(name: string, config: ListenerConfig): Promise<Listener> {
    const weights = Object.fromEntries(config.defaultAction.forward.targetGroups.map((g) => [g.name, g.weight]));
    this.#checkWeights(weights);
    const existing = this.#listeners.get(name);
    const listener = existing ?? new ProxyListener({ name, config, targetGroup: (n) => this.#groups.get(n), metrics: this.#options.metrics });
    try {
      await (existing ? existing.reconfigure(config) : listener.bind());
    } catch (error) {
      throw bindError(name, config, error);
    }
    this.#listeners.set(name, listener);
    this.#persist();
    return listener.toJSON();
  }

  /** Closes a listener's port (requests in flight finish) and forgets it. */
  async deleteListener(name: string): Promise<void> {
    const listener = this.#listener(name);
    this.#listeners.delete(name);
    this.#persist();
    await listener.close(this.#options.drainMs ?? 10_000);
  }

  /** Sets a listener's split; groups left out get 0. */
  setWeights(name: string, weights: Record<string, number>): Listener {
    const listener = this.#listener(name);
    this.#checkWeights(weights);
    listener.setWeights(weights);
    this.#persist();
    return listener.toJSON();
  }

  /** The state to persist: group settings with their registered (not draining) targets, and listeners. */
  snapshot(): PersistedState {
    return {
      version: 1,
      targetGroups: [...this.#groups.values()].map((g) => ({ name: g.name, ...g.config, targets: g.registeredAddresses() })),
      listeners: this.listeners(),
    };
  }

  /** Closes every listener (draining requests in flight), then every group's probes and connections. */
  async close(): Promise<void> {
    await Promise.all([...this.#listeners.values()].map((l) => l.close(this.#options.drainMs ?? 10_000)));
    for (const group of this.#groups.values()) group.close();
  }

  #checkWeights(weights: Record<string, number>): void {
    const problem = weightProblem(weights);
    if (problem) throw badRequest(problem);
    const missing = Object.keys(weights).filter((g) => !this.#groups.has(g));
    if (missing.length > 0) throw badRequest(`no such target group: ${missing.join(', ')}`);
  }

  #group(name: string): ProxyTargetGroup {
    const group = this.#groups.get(name);
    if (!group) throw new AdminError('NotFound', `target group ${name} does not exist`);
    return group;
  }

  #listener(name: string): ProxyListener {
    const listener = this.#listeners.get(name);
    if (!listener) throw new AdminError('NotFound', `listener ${name} does not exist`);
    return listener;
  }

  #persist(): void {
    this.#options.persist(this.snapshot());
  }
}

function bindError(name: string, config: ListenerConfig, error: unknown): AdminError {
  const code = (error as NodeJS.ErrnoException).code;
  const where = `${config.host}:${config.port}`;
  if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') return new AdminError('Conflict', `listener ${name} cannot bind ${where}: ${code}`);
  return badRequest(`listener ${name} cannot start on ${where}: ${(error as Error).message}`);
}
