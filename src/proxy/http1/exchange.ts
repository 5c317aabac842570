import type { Socket } from 'node:net';
import type { ProxyMetrics } from '../metrics.ts';
import type { Target } from '../target.ts';
import type { ProxyTargetGroup } from '../target-group.ts';
import { clientResponseHead, ownAnswer, responseFraming, upstreamRequestHead, type Framing, type RequestFacts } from './message-head.ts';
import type { ParsedHead } from './native-parser.ts';
import type { UpstreamConnection, UpstreamUser } from './upstream-connection.ts';
import type { PoolWait } from './upstream-pool.ts';

/** The client connection an exchange answers on. */
export interface ClientSide {
  readonly socket: Socket;
  /** This exchange's answer is complete (or cut); `close` asks to close the connection after it. */
  exchangeDone(exchange: Exchange, close: boolean): void;
  pauseReading(): void;
  resumeReading(): void;
}

/** One request as the client connection parsed it, with where it goes. */
export interface ExchangeRequest {
  head: ParsedHead;
  facts: RequestFacts;
  listener: string;
  group: ProxyTargetGroup | undefined;
  setCookie: string | undefined;
  secure: boolean;
  metrics: ProxyMetrics;
  /** The listener is closing: answer with Connection: close. */
  closing: boolean;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);
/** Request body bytes held while no connection is attached yet, before the client is paused. */
const MAX_HELD_BODY = 1024 * 1024;
const LAST_CHUNK = '0\r\n\r\n';

/**
 * One request's trip: to a target of its group over a pooled connection, and the answer back
 * to the client, with the proxy's own 502/503/504 when that fails. A request without a body,
 * with an idempotent method, that the target never took (see UpstreamConnection) is sent once
 * more to another target.
 */
export class Exchange implements UpstreamUser {
  readonly #client: ClientSide;
  readonly #request: ExchangeRequest;
  readonly #started = performance.now();
  #target: Target | undefined;
  #release: (() => void) | undefined;
  #connection: UpstreamConnection | undefined;
  #wait: PoolWait | undefined;
  #timer: NodeJS.Timeout | undefined;
  #retried = false;
  #active = false;
  // Request side.
  #heldBody: Buffer[] = [];
  #heldBytes = 0;
  #bodyEnded = false;
  #bodyCut = false;
  // Response side.
  #status = 0;
  #framing: Framing = { kind: 'none' };
  #pendingHead: string | undefined;
  #headSent = false;
  #done = false;
  #interim = false;
  #clientDrainWait = false;
  #targetDrainWait = false;

  constructor(client: ClientSide, request: ExchangeRequest) {
    this.#client = client;
    this.#request = request;
    this.#bodyEnded = !request.facts.hasBody;
  }

  /** Whether the client asked to close after this one (or cannot keep the connection). */
  get closeAfter(): boolean {
    return !this.#request.head.keepAlive || this.#request.closing;
  }

  /** Sends the request on its way; called when it is the connection's oldest open one. */
  start(): void {
    this.#active = true;
    if (this.#bodyCut) return this.#answerOwn(400, 'request body cut short or malformed\n');
    const { group, facts } = this.#request;
    if (!group) return this.#answerOwn(503, `listener ${this.#request.listener} forwards to no target group\n`);
    const target = group.pick();
    if (!target) return this.#answerOwn(503, `no healthy target in target group ${group.name}\n`);
    if (facts.expectContinue && !this.#bodyEnded) this.#client.socket.write('HTTP/1.1 100 Continue\r\n\r\n', 'latin1');
    this.#timer = setTimeout(() => setImmediate(() => this.#timeout()), group.config.requestTimeoutSeconds * 1000);
    this.#attempt(target);
  }

  /** A piece of the client's request body (de-chunked by the parser). */
  bodyChunk(chunk: Buffer): void {
    if (this.#done) return;
    if (this.#connection) return this.#sendBody(chunk);
    this.#heldBody.push(chunk);
    this.#heldBytes += chunk.length;
    if (this.#heldBytes > MAX_HELD_BODY) this.#client.pauseReading();
  }

  bodyEnd(): void {
    this.#bodyEnded = true;
    if (this.#connection && !this.#done && this.#request.facts.contentLength === undefined) this.#connection.write(LAST_CHUNK);
  }

  /**
   * The client's request body ended badly (cut short, or malformed chunks): the target must not
   * take it as complete, so its connection is closed, and the client gets 400 unless an answer
   * is already under way (which then finishes).
   */
  requestCut(): void {
    this.#bodyCut = true;
    if (this.#done || !this.#active || this.#status !== 0) return;
    this.#connection?.destroy();
    this.#connection = undefined;
    this.#answerOwn(400, 'request body cut short or malformed\n');
  }

  /** The client went away: whatever is under way stops, and the target connection is not reused. */
  abort(): void {
    if (this.#done) return;
    this.#done = true;
    this.#connection?.destroy();
    this.#finish(true, false);
  }

  onResponseHead(head: ParsedHead): boolean {
    // 1xx interim answers (100 Continue, 103 Early Hints) are not relayed; the final one follows.
    if (head.statusCode < 200) {
      this.#interim = true;
      return false;
    }
    clearTimeout(this.#timer);
    this.#status = head.statusCode;
    const bodyless = this.#request.head.method === 'HEAD' || head.statusCode === 204 || head.statusCode === 304;
    this.#framing = responseFraming(head.rawHeaders, { bodyless, clientSpeaksChunked: this.#request.head.versionMinor >= 1 });
    const close = this.closeAfter || this.#framing.kind === 'close';
    this.#pendingHead = clientResponseHead({ statusCode: head.statusCode, statusMessage: head.statusMessage, raw: head.rawHeaders, framing: this.#framing, close, setCookie: this.#request.setCookie });
    return this.#request.head.method === 'HEAD';
  }

  onResponseBody(chunk: Buffer): void {
    if (this.#done) return;
    const socket = this.#client.socket;
    // One write (one syscall) for the head and the first piece of body.
    socket.cork();
    this.#flushHead();
    writeBodyPiece(socket, chunk, this.#framing.kind === 'chunked');
    socket.uncork();
    if (!socket.writableNeedDrain || this.#clientDrainWait) return;
    // The client reads slower than the target sends: stop reading the target until it catches up.
    const connection = this.#connection;
    this.#clientDrainWait = true;
    connection?.pauseReading();
    socket.once('drain', () => {
      this.#clientDrainWait = false;
      connection?.resumeReading();
    });
  }

  onResponseEnd(keepAlive: boolean): void {
    if (this.#interim) {
      this.#interim = false;
      return;
    }
    if (this.#done) return;
    this.#done = true;
    const socket = this.#client.socket;
    socket.cork();
    this.#flushHead();
    if (this.#framing.kind === 'chunked') socket.write(LAST_CHUNK, 'latin1');
    socket.uncork();
    const connection = this.#connection!;
    this.#connection = undefined;
    // A target that answered before the whole request was sent leaves the connection mid-message.
    this.#target!.pool.release(connection, keepAlive && this.#bodyEnded);
    this.#finish(this.#framing.kind === 'close');
  }

  onUpstreamError(error: Error, unanswered: boolean): void {
    this.#connection = undefined;
    if (this.#done) return;
    const { head, facts, group } = this.#request;
    // A target that dies once its answer began: the client must see a broken response, not a short one.
    if (this.#status !== 0) {
      this.#done = true;
      this.#client.socket.destroy();
      return this.#finish();
    }
    const retryable = unanswered && !this.#retried && IDEMPOTENT.has(head.method) && !facts.hasBody;
    const next = retryable ? group!.pick(this.#target) : undefined;
    if (next) {
      this.#retried = true;
      this.#releaseTarget();
      return this.#attempt(next);
    }
    const code = (error as NodeJS.ErrnoException).code;
    this.#answerOwn(502, `upstream error: ${code ?? error.message}\n`);
  }

  #attempt(target: Target): void {
    this.#target = target;
    this.#release = target.acquire();
    this.#wait = target.pool.acquire((connection) => this.#attach(connection));
  }

  #attach(connection: UpstreamConnection): void {
    this.#wait = undefined;
    if (this.#done) return this.#target!.pool.release(connection, true);
    this.#connection = connection;
    connection.assign(this);
    const { head, facts, secure } = this.#request;
    const clientAddress = this.#client.socket.remoteAddress ?? '';
    connection.write(upstreamRequestHead({ method: head.method, url: head.url, raw: head.rawHeaders, facts, clientAddress, secure }));
    const held = this.#heldBody;
    this.#heldBody = [];
    this.#heldBytes = 0;
    for (const chunk of held) this.#sendBody(chunk);
    if (held.length > 0) this.#client.resumeReading();
    if (this.#bodyEnded && facts.hasBody && facts.contentLength === undefined) connection.write(LAST_CHUNK);
  }

  #sendBody(chunk: Buffer): void {
    const connection = this.#connection!;
    const flowing = writeBodyPiece(connection.socket, chunk, this.#request.facts.contentLength === undefined);
    if (flowing || this.#targetDrainWait) return;
    this.#targetDrainWait = true;
    this.#client.pauseReading();
    connection.socket.once('drain', () => {
      this.#targetDrainWait = false;
      this.#client.resumeReading();
    });
  }

  #flushHead(): void {
    if (this.#pendingHead === undefined) return;
    this.#client.socket.write(this.#pendingHead, 'latin1');
    this.#pendingHead = undefined;
    this.#headSent = true;
  }

  #timeout(): void {
    if (this.#done || this.#status !== 0) return;
    this.#connection?.destroy();
    this.#connection = undefined;
    this.#answerOwn(504, 'upstream timed out\n');
  }

  #answerOwn(status: number, text: string): void {
    this.#done = true;
    this.#status = status;
    this.#wait?.cancel();
    const close = this.closeAfter || !this.#bodyEnded;
    this.#client.socket.write(ownAnswer(status, text, close), 'latin1');
    this.#headSent = true;
    this.#finish(close);
  }

  /** Ends the exchange once: timer, target count, metrics, and (unless aborted) the client connection's queue. */
  #finish(close = false, notify = true): void {
    clearTimeout(this.#timer);
    this.#wait?.cancel();
    this.#releaseTarget();
    if (this.#headSent && this.#status !== 0) {
      const seconds = (performance.now() - this.#started) / 1000;
      this.#request.metrics.record({ listener: this.#request.listener, targetGroup: this.#request.group?.name, status: this.#status, seconds });
    }
    if (this.#active && notify) this.#client.exchangeDone(this, close || this.closeAfter);
  }

  #releaseTarget(): void {
    this.#release?.();
    this.#release = undefined;
  }
}

/** Writes a piece of body, in a chunk of its own when the message is chunked; false when the socket is full. */
function writeBodyPiece(socket: Socket, chunk: Buffer, chunked: boolean): boolean {
  if (!chunked) return socket.write(chunk);
  socket.write(`${chunk.length.toString(16)}\r\n`, 'latin1');
  socket.write(chunk);
  return socket.write('\r\n', 'latin1');
}
