import { UpstreamConnection } from './upstream-connection.ts';

/**
 * Idle upstream sockets are closed after this long, below the 5 s keep-alive timeout of Node
 * servers (and most others), so that we rarely write to a socket the target is closing.
 */
const IDLE_SOCKET_MS = 4_000;

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
    let idle = this.#idle.pop();
    while (idle?.gone) idle = this.#idle.pop();
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

  #nextWaiter(): Waiter | undefined {
    let waiter = this.#waiters.shift();
    while (waiter?.cancelled) waiter = this.#waiters.shift();
    return waiter;
  }

  #sweep(): void {
    const cutoff = Date.now() - IDLE_SOCKET_MS;
    // Oldest first: the list is in release order.
    while (this.#idle.length > 0 && this.#idle[0]!.idleSince < cutoff) this.#idle.shift()!.destroy();
    if (this.#idle.length === 0) {
      clearInterval(this.#sweeper);
      this.#sweeper = undefined;
    }
  }
}
