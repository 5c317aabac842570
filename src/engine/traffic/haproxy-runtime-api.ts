import { connect, type Socket } from 'node:net';
import { TrafficRouterError } from './traffic-router.ts';

/** How long one runtime API exchange may take by default: HAProxy answers in microseconds. */
export const DEFAULT_HAPROXY_TIMEOUT_MS = 3_000;

/** Where HAProxy's runtime API listens and how long to wait for it. */
export interface HaproxyRuntimeApiOptions {
  /** A unix socket path (`/run/haproxy/admin.sock`) or `host:port` for a TCP `stats socket`. */
  socket: string;
  timeoutMs?: number;
}

/**
 * Lines HAProxy prints when a `set` command worked. Anything else after a `set`, `add` or
 * `commit` is an error message ("No such server.", "Invalid addr ..."): the runtime API has no
 * status codes, so success is recognised by its wording.
 */
const SUCCESS_LINE = /^(|IP changed from .*|no need to change the addr.*|New version created: \d+)$/;

/**
 * HaproxyRuntimeApi sends commands to HAProxy's runtime API (the `stats socket`, which must be
 * `level admin`) in non-interactive mode: one connection per exchange, commands separated by
 * `;`, HAProxy closes the connection after answering.
 */
export class HaproxyRuntimeApi {
  readonly #options: Required<HaproxyRuntimeApiOptions>;

  constructor(options: HaproxyRuntimeApiOptions) {
    this.#options = { timeoutMs: DEFAULT_HAPROXY_TIMEOUT_MS, ...options };
  }

  /** The socket as given, for messages. */
  get socket(): string {
    return this.#options.socket;
  }

  /** Runs one read-only command (`show ...`) and returns its output. */
  async show(command: string): Promise<string> {
    return this.#exchange(command);
  }

  /** Runs state-changing commands in one exchange; throws REFUSED when HAProxy rejected one. */
  async apply(commands: readonly string[]): Promise<string> {
    if (commands.length === 0) return '';
    const output = await this.#exchange(commands.join('; '));
    const refused = output.split('\n').map((line) => line.trim()).filter((line) => !SUCCESS_LINE.test(line));
    if (refused.length > 0) {
      throw new TrafficRouterError('REFUSED', `HAProxy at ${this.socket} refused: ${refused.join(' ')} (commands: ${commands.join('; ')})`);
    }
    return output;
  }

  #exchange(line: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = this.#connect();
      let output = '';
      const fail = (error: Error) => {
        socket.destroy();
        reject(new TrafficRouterError('UNREACHABLE', `HAProxy runtime API at ${this.socket} failed: ${error.message}`, { cause: error }));
      };
      socket.setTimeout(this.#options.timeoutMs, () => fail(new Error(`no answer within ${this.#options.timeoutMs} ms`)));
      socket.on('error', fail);
      socket.on('data', (chunk) => (output += chunk.toString('utf8')));
      socket.on('end', () => {
        socket.destroy();
        resolve(output);
      });
      socket.write(`${line}\n`);
    });
  }

  #connect(): Socket {
    const { socket } = this.#options;
    const tcp = /^\[?([^\]/]+?)\]?:(\d+)$/.exec(socket);
    return tcp && !socket.includes('/') ? connect({ host: tcp[1], port: Number(tcp[2]) }) : connect({ path: socket });
  }
}
