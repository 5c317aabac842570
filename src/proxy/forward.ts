import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { endToEndRawHeaders, upstreamHeaders } from './headers.ts';
import type { Target } from './target.ts';
import type { ProxyTargetGroup } from './target-group.ts';

/** One client request to send to a target group. */
export interface ForwardRequest {
  req: IncomingMessage;
  res: ServerResponse;
  group: ProxyTargetGroup;
  /** Whether the client came over TLS (for X-Forwarded-Proto). */
  secure: boolean;
  /** A stickiness cookie to add to the response. */
  setCookie?: string;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);
// Errors that mean the target never saw the request: the connection was refused or could not
// be made. A socket closed before any answer counts only when it was a reused keep-alive one
// (see isRetryable).
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'ECONNABORTED']);

/**
 * Sends a client request to a target of the group and streams the answer back: 503 when the
 * group has no routable target, 502 when the target fails, 504 when it does not answer within
 * the group's request timeout. A request without a body, with an idempotent method, whose
 * connection failed before any answer is retried once on another target.
 */
export function forwardRequest(forward: ForwardRequest): void {
  const target = forward.group.pick();
  if (!target) return answer(forward.res, 503, `no healthy target in target group ${forward.group.name}\n`);
  const headers = upstreamHeaders(forward.req, { secure: forward.secure });
  // The client's Expect: 100-continue was answered by our own server already.
  delete headers.expect;
  new Relay(forward, headers, target, false).start();
}

/**
 * One attempt on one target, as an undici dispatch handler (its callbacks arrive in order:
 * onConnect, onHeaders, onData..., onComplete, or onError at any point). One object per attempt
 * instead of a closure per event keeps the per-request cost down.
 */
class Relay implements Dispatcher.DispatchHandler {
  readonly #forward: ForwardRequest;
  readonly #headers: OutgoingHttpHeaders;
  readonly #target: Target;
  readonly #retried: boolean;
  readonly #release: () => void;
  #timer: NodeJS.Timeout | undefined;
  #abort: ((error?: Error) => void) | undefined;
  #resume: (() => void) | undefined;
  /** The response began (headers came) or the attempt ended (answered, failed or timed out). */
  #answered = false;
  #settled = false;
  #timedOut = false;
  readonly #onClose = () => this.#clientClosed();
  readonly #onDrain = () => this.#resume?.();

  constructor(forward: ForwardRequest, headers: OutgoingHttpHeaders, target: Target, retried: boolean) {
    this.#forward = forward;
    this.#headers = headers;
    this.#target = target;
    this.#retried = retried;
    this.#release = target.acquire();
  }

  start(): void {
    const { req, res, group } = this.#forward;
    // Deferred with setImmediate, as in health-probe.ts: an answer that arrived while our own
    // event loop was stalled is read before the timeout is declared.
    this.#timer = setTimeout(() => setImmediate(() => this.#timeout()), group.config.requestTimeoutSeconds * 1000);
    res.once('close', this.#onClose);
    this.#target.pool.dispatch({
      method: req.method as Dispatcher.HttpMethod, path: req.url ?? '/',
      headers: this.#headers as Record<string, string | string[]>,
      // An iterator that leaves the client's request stream open if the target fails, so
      // that the client still gets our 502 instead of a cut connection.
      body: hasBody(req) ? (req.iterator({ destroyOnReturn: false }) as unknown as Readable) : null,
      // Our own timer covers the whole wait (queue, connect, headers); a body may take as long as it takes.
      headersTimeout: 0, bodyTimeout: 0,
    }, this);
  }

  onConnect(abort: (error?: Error) => void): void {
    if (this.#settled) return abort(new Error('the client request already ended'));
    this.#abort = abort;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void, statusText: string): boolean {
    if (this.#settled) return false;
    // 1xx interim answers (100 Continue, 103 Early Hints) are not relayed; the final one follows.
    if (statusCode < 200) return true;
    this.#answered = true;
    clearTimeout(this.#timer);
    this.#resume = resume;
    const { res, setCookie } = this.#forward;
    res.writeHead(statusCode, statusText || undefined, endToEndRawHeaders(rawHeaders, setCookie));
    return true;
  }

  onData(chunk: Buffer): boolean {
    const { res } = this.#forward;
    if (res.write(chunk)) return true;
    res.once('drain', this.#onDrain);
    return false;
  }

  onComplete(): void {
    this.#settled = true;
    this.#forward.res.end();
  }

  onError(error: Error): void {
    clearTimeout(this.#timer);
    if (this.#settled) return;
    this.#settled = true;
    const { req, res, group } = this.#forward;
    // A target that dies mid-body: the client must see a broken response, not a short one.
    if (res.headersSent || res.destroyed) return void res.destroy();
    res.off('close', this.#onClose);
    this.#release();
    const next = !this.#retried && !this.#answered && isRetryable(error, req) ? group.pick(this.#target) : undefined;
    if (next) return new Relay(this.#forward, this.#headers, next, true).start();
    const code = (error as NodeJS.ErrnoException).code;
    answer(res, this.#timedOut ? 504 : 502, this.#timedOut ? 'upstream timed out\n' : `upstream error: ${code ?? error.message}\n`);
  }

  #timeout(): void {
    if (this.#answered || this.#settled) return;
    this.#timedOut = true;
    const { group } = this.#forward;
    const error = new Error(`target ${this.#target.address} did not answer within ${group.config.requestTimeoutSeconds} s`);
    if (this.#abort) return this.#abort(error);
    // Still queued or connecting: answer now; the attempt is cut as soon as it gets a socket.
    this.onError(error);
  }

  #clientClosed(): void {
    const { res } = this.#forward;
    if (!res.writableFinished && !this.#settled) {
      this.#settled = true;
      clearTimeout(this.#timer);
      this.#abort?.(new Error('the client went away'));
    }
    this.#release();
  }
}

function isRetryable(error: Error, req: IncomingMessage): boolean {
  if (!IDEMPOTENT.has(req.method ?? '') || hasBody(req)) return false;
  const failure = error as NodeJS.ErrnoException & { socket?: { bytesRead?: number } };
  // A keep-alive socket the target closed while we were reusing it (it had read earlier
  // answers, none of ours): the target did not take the request.
  if (failure.code === 'UND_ERR_SOCKET' || failure.code === 'ECONNRESET') return (failure.socket?.bytesRead ?? 0) > 0;
  return NOT_CONNECTED.has(failure.code ?? '');
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** Answers with a short plain-text status of the proxy's own (or cuts the response if it had begun). */
export function answer(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
