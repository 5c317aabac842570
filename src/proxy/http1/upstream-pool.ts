import { UpstreamConnection } from './upstream-connection.ts';


/** A request waiting for a connection; `cancel` takes it out of the queue. */
export interface PoolWait {
  cancel(): void;
}

interface Waiter {
  give: (connection: UpstreamConnection) => void;
  cancelled: boolean;
}

/**
 * Keep-alive connections to one target: the most recently used idle one first (it is the
 * least likely to have been closed by the target), a new one while under `maxConnections`,
 * and a queue beyond that.
 */
export class UpstreamPool {
  readonly #host: string;
  readonly #port: number;
  readonly #maxConnections: number;
  readonly #idle: UpstreamConnection[] = [];
  readonly #waiters: Waiter[] = [];
  readonly #open = new Set<UpstreamConnection>();
  #sweeper: NodeJS.Timeout | undefined;
  #destroyed = false;

  constructor(host: string, port: number, maxConnections: number) {
    this.#host = host;
    this.#port = port;
    this.#maxConnections = maxConnections;
  }

  /** Calls `give` with a connection now or once one is free. */
  acquire(give: (connection: UpstreamConnection) => void): PoolWait | undefined {
    const idle = this.#freshestIdle();
    if (idle) return void give(idle);
    if (this.#open.size < this.#maxConnections && !this.#destroyed) return void give(this.#connect());
    const waiter: Waiter = { give, cancelled: false };
    this.#waiters.push(waiter);
    return { cancel: () => (waiter.cancelled = true) };
  }

  /** Takes a connection back after an answer; one that cannot carry another is closed. */
  release(connection: UpstreamConnection, reusable: boolean): void {
    if (!reusable || this.#destroyed) return connection.destroy();
    const waiter = this.#nextWaiter();
    if (waiter) return waiter.give(connection);
    connection.idleSince = Date.now();
    this.#idle.push(connection);
    this.#sweeper ??= setInterval(() => this.#sweep(), 1_000).unref();
  }

  /** Closes every connection, cutting answers in flight; requests still waiting time out. */
  destroy(): void {
    this.#destroyed = true;
    clearInterval(this.#sweeper);
    this.#idle.length = 0;
    for (const connection of [...this.#open]) connection.destroy();
  }

  #connect(): UpstreamConnection {
    const connection = new UpstreamConnection(this.#host, this.#port, (gone) => this.#gone(gone));
    this.#open.add(connection);
    return connection;
  }

  #gone(connection: UpstreamConnection): void {
    this.#open.delete(connection);
    const at = this.#idle.indexOf(connection);
    if (at >= 0) this.#idle.splice(at, 1);
    // A slot opened: the next waiting request gets a new connection.
    const waiter = this.#destroyed ? undefined : this.#nextWaiter();
    if (waiter) waiter.give(this.#connect());
  }

  /** The most recently used idle connection still within its idle limit; older ones are closed. */
  #freshestIdle(): UpstreamConnection | undefined {
    const now = Date.now();
    for (let idle = this.#idle.pop(); idle; idle = this.#idle.pop()) {
      if (!idle.gone && !idle.idleTooLong(now)) return idle;
      idle.destroy();
    }
    return undefined;
  }

  #nextWaiter(): Waiter | undefined {
    let waiter = this.#waiters.shift();
    while (waiter?.cancelled) waiter = this.#waiters.shift();
    return waiter;
  }

  #sweep(): void {
    const now = Date.now();
    for (const connection of this.#idle.filter((c) => c.idleTooLong(now))) connection.destroy();
    if (this.#idle.length === 0) {
      clearInterval(this.#sweeper);
      this.#sweeper = undefined;
    }
  }
}
