import { EventEmitter } from 'node:events';

/**
 * The Waker carries in-process wake-ups: API calls wake the engine when they record intent or a
 * host completes a command, and the engine wakes hosts waiting in PollHostCommand when it
 * creates their next command. Everything it signals is also in the store, so a lost wake-up
 * only costs one engine tick or one long-poll period.
 */
export class Waker {
  readonly #events = new EventEmitter();

  constructor() {
    // One listener per waiting host: 1,000 idle agents are normal.
    this.#events.setMaxListeners(0);
  }

  /** Asks the engine for a pass soon. */
  wakeEngine(): void {
    this.#events.emit('engine');
  }

  /** Registers the engine's wake-up handler. */
  onEngineWake(listener: () => void): () => void {
    this.#events.on('engine', listener);
    return () => this.#events.off('engine', listener);
  }

  /** Tells a host waiting in PollHostCommand that it may have a command. */
  wakeHost(instanceName: string): void {
    this.#events.emit(`host:${instanceName}`);
  }

  /**
   * Resolves when the host is woken or after `timeoutMs`, whichever is first, or at once when
   * `signal` aborts (the client went away or the server is stopping).
   */
  waitForHost(instanceName: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#events.off(`host:${instanceName}`, done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.#events.once(`host:${instanceName}`, done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}
