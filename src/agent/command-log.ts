import { SYSTEM_CLOCK, type Clock } from '../core/clock.ts';
import { formatTimestamp } from './hooks/script-log.ts';

/** The agent's own log (a pino logger fits): structured fields first, then the message. */
export interface AgentLog {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
}

/** A log that drops everything (tests and tools that have nowhere to write). */
export const SILENT_AGENT_LOG: AgentLog = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * The log of a command that runs no scripts (DownloadBundle, Install): each message goes to the
 * agent's log with the command's context, and is kept as a `YYYY-MM-DD HH:MM:SS <msg>` line for
 * upload with the command's full log, so `cutover logs` shows what those steps did too.
 */
export class CommandLog {
  readonly #clock: Clock;
  readonly #forward: AgentLog;
  readonly #context: object;
  readonly #lines: string[] = [];

  constructor(options: { clock?: Clock; forward: AgentLog; context: object }) {
    this.#clock = options.clock ?? SYSTEM_CLOCK;
    this.#forward = options.forward;
    this.#context = options.context;
  }

  debug(message: string): void {
    this.#forward.debug(this.#context, message);
  }

  info(message: string): void {
    this.#keep(message);
    this.#forward.info(this.#context, message);
  }

  warn(message: string): void {
    this.#keep(message);
    this.#forward.warn(this.#context, message);
  }

  /** The kept lines, joined. */
  text(): string {
    return this.#lines.join('');
  }

  #keep(message: string): void {
    this.#lines.push(`${formatTimestamp(new Date(this.#clock.now()))} ${message}\n`);
  }
}
