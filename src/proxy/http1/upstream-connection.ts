import { connect, type Socket } from 'node:net';
import { MessageParser, type ParsedHead } from './native-parser.ts';

/** The exchange a connection is carrying a request for; it gets the target's answer. */
export interface UpstreamUser {
  /** Return true when the answer has no body whatever its headers say (a HEAD request's). */
  onResponseHead(head: ParsedHead): boolean;
  onResponseBody(chunk: Buffer): void;
  onResponseEnd(keepAlive: boolean): void;
  /**
   * The connection failed before the answer ended. `unanswered` means the target never took
   * the request: the connection could not be made, or a reused one closed before any byte.
   */
  onUpstreamError(error: Error, unanswered: boolean): void;
}

/**
 * An idle connection is not reused after this long, below the 5 s keep-alive timeout of Node
 * servers (and most others), so that we rarely write to a socket the target is closing.
 */
const IDLE_LIMIT_MS = 4_000;
/** Kept clear of a target's advertised `Keep-Alive: timeout=`. */
const HINT_MARGIN_MS = 1_000;
const TIMEOUT_HINT = /(?:^|[\s,])timeout=(\d+)/i;

// Connection failures: the target never saw the request.
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'ECONNABORTED', 'ETIMEDOUT']);

/**
 * One keep-alive connection to a target, parsing the target's answers, carrying one request at
 * a time for the exchange it is assigned to.
 */
export class UpstreamConnection {
  readonly socket: Socket;
  /** When it went back to the pool (for the idle limit). */
  idleSince = 0;
  #idleLimitMs = IDLE_LIMIT_MS;
  #user: UpstreamUser | undefined;
  readonly #parser: MessageParser;
  readonly #onGone: (connection: UpstreamConnection) => void;
  #answersCompleted = 0;
  #answerStarted = false;
  #keepAlive = true;
  #error: Error | undefined;
  #gone = false;

  constructor(host: string, port: number, onGone: (connection: UpstreamConnection) => void) {
    this.#onGone = onGone;
    this.#parser = new MessageParser('response', {
      onHead: (head) => {
        this.#answerStarted = true;
        this.#keepAlive = head.keepAlive;
        this.#idleLimitMs = idleLimit(head.rawHeaders);
        return this.#user?.onResponseHead(head) ?? false;
      },
      onBody: (chunk) => this.#user?.onResponseBody(chunk),
      onEnd: () => this.#answerEnded(),
      onError: (error) => this.destroy(error),
      onRead: (parsed) => {
        if (parsed > 0) this.#answerStarted = true;
      },
    });
    this.socket = connect({ host, port, noDelay: true });
    this.socket.once('connect', () => this.#parser.attach(this.socket));
    this.socket.on('error', (error) => (this.#error ??= error));
    // A target closing its side: a body delimited by the close ends here, anything else is cut.
    this.socket.on('end', () => {
      this.#parser.finish();
      this.destroy();
    });
    this.socket.on('close', () => this.#closed());
  }

  /** Whether it carried an answer before (a failure on it then may just be the target's idle close). */
  get reused(): boolean {
    return this.#answersCompleted > 0;
  }

  get gone(): boolean {
    return this.#gone || this.socket.destroyed;
  }

  /** Whether it sat idle past its limit (4 s, or less when the target said it closes sooner). */
  idleTooLong(now: number): boolean {
    return now - this.idleSince >= this.#idleLimitMs;
  }

  /** Carries the next request for `user`. */
  assign(user: UpstreamUser): void {
    this.#user = user;
    this.#answerStarted = false;
  }

  /** Sends request bytes; false when the socket's buffer is full (wait for `drain`). */
  write(data: string | Buffer): boolean {
    return typeof data === 'string' ? this.socket.write(data, 'latin1') : this.socket.write(data);
  }

  pauseReading(): void {
    this.#parser.pauseReading();
  }

  resumeReading(): void {
    this.#parser.resumeReading();
  }

  /** Closes it; the user, if any, hears about it once. */
  destroy(error?: Error): void {
    if (error) this.#error ??= error;
    this.socket.destroy();
  }

  #answerEnded(): void {
    const user = this.#user;
    // A 1xx interim answer ends a message too; the user ignores it and the final one follows.
    if (!user) return;
    this.#answersCompleted += 1;
    this.#user = undefined;
    user.onResponseEnd(this.#keepAlive);
  }

  #closed(): void {
    if (this.#gone) return;
    this.#gone = true;
    this.#parser.close();
    const user = this.#user;
    this.#user = undefined;
    this.#onGone(this);
    if (!user) return;
    const error = this.#error ?? new Error('the target closed the connection');
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const unanswered = NOT_CONNECTED.has(code) || (this.reused && !this.#answerStarted);
    user.onUpstreamError(error, unanswered);
  }
}

/** How long the connection may sit idle after this answer, honouring the target's `Keep-Alive: timeout=` hint. */
function idleLimit(raw: readonly string[]): number {
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]!.length !== 10 || raw[i]!.toLowerCase() !== 'keep-alive') continue;
    const seconds = TIMEOUT_HINT.exec(raw[i + 1]!)?.[1];
    if (seconds !== undefined) return Math.max(0, Math.min(IDLE_LIMIT_MS, Number(seconds) * 1000 - HINT_MARGIN_MS));
  }
  return IDLE_LIMIT_MS;
}
