import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Clock } from '../core/clock.ts';
import { ACTIVE_DEPLOYMENT_STATUSES } from '../core/deployment.ts';
import type { Store } from '../store/store.ts';
import { BlueFate } from './blue-fate.ts';
import { reconcileWithTraffic } from './reconcile-deployment.ts';
import type { EngineSettings } from './settings.ts';
import type { TrafficRouter } from './traffic/traffic-router.ts';
import type { Waker } from './waker.ts';

/** What the engine runs on. */
export interface EngineOptions {
  store: Store;
  clock: Clock;
  waker: Waker;
  settings: EngineSettings;
  log: Logger;
  /** The load balancer that BlockTraffic, AllowTraffic and weight shifts drive (none: traffic work fails). */
  router?: TrafficRouter;
  /** The command TERMINATE runs for a blue/green deployment's original instances (`--on-terminate`). */
  onTerminate?: string;
}

/**
 * The Engine drives every active deployment toward its end. Level-triggered: each pass reads
 * the store, plans with pure functions, and writes one transaction per deployment, so a server
 * killed at any instant resumes where the store says it was. Passes run one at a time, on a
 * timer (for timeouts) and whenever the Waker signals new intent or a completed command.
 */
export class Engine {
  readonly #options: EngineOptions;
  readonly #blueFate: BlueFate;
  #timer?: NodeJS.Timeout;
  #trafficTimer?: NodeJS.Timeout;
  #running?: Promise<void>;
  #again = false;
  #stopped = true;
  #unsubscribe?: () => void;

  constructor(options: EngineOptions) {
    this.#options = options;
    this.#blueFate = new BlueFate(options);
  }

  /** Starts passes on the timer and on wake-ups. */
  start(): void {
    this.#stopped = false;
    this.#unsubscribe = this.#options.waker.onEngineWake(() => this.poke());
    this.#timer = setInterval(() => this.poke(), this.#options.settings.tickMs);
    this.poke();
  }

  /** Stops scheduling passes and waits for the current one to finish. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    clearTimeout(this.#trafficTimer);
    this.#unsubscribe?.();
    await this.#running;
  }

  /** Requests a pass; passes never overlap, and requests during one cause exactly one more. */
  poke(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.#loop().finally(() => (this.#running = undefined));
  }

  /** Runs one pass over every active deployment (tests and benchmarks call it directly). */
  async runPass(): Promise<void> {
    const { store, log } = this.#options;
    const started = performance.now();
    const rows = await store.db.selectFrom('deployments').select('deployment_id')
      .where('status', 'in', [...ACTIVE_DEPLOYMENT_STATUSES]).orderBy('create_time').execute();
    let waitingOnTraffic = false;
    for (const { deployment_id: deploymentId } of rows) {
      try {
        const outcome = await reconcileWithTraffic(deploymentId, { ...this.#options, blueFate: this.#blueFate, newId: randomUUID });
        waitingOnTraffic ||= outcome.waitingOnTraffic;
      } catch (error) {
        // One broken deployment must not stall the others; the next pass retries it.
        log.error({ err: error, deploymentId }, 'reconcile failed');
      }
    }
    log.debug({ deployments: rows.length, ms: Math.round(performance.now() - started) }, 'engine pass');
    // Nothing wakes the engine when a target turns healthy or finishes draining, so look again
    // sooner than the tick while a traffic step waits on the load balancer.
    if (waitingOnTraffic && !this.#stopped) {
      clearTimeout(this.#trafficTimer);
      this.#trafficTimer = setTimeout(() => this.poke(), this.#options.settings.trafficPollMs);
    }
  }

  async #loop(): Promise<void> {
    do {
      // A short gather window: under load, one pass then absorbs many completed commands
      // instead of one pass per completion.
      await new Promise((resolve) => setTimeout(resolve, this.#options.settings.gatherMs));
      this.#again = false;
      await this.runPass();
    } while (this.#again && !this.#stopped);
  }
}
