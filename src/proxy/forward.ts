import { request, type ClientRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { endToEndHeaders, upstreamHeaders } from './headers.ts';
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
// be made. ECONNRESET counts only on a reused keep-alive socket (see isRetryable).
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
  attempt(forward, target, false);
}

function attempt(forward: ForwardRequest, target: Target, retried: boolean): void {
  const { req, res, group } = forward;
  const release = target.acquire();
  const upstream = request({
    host: target.host, port: target.port, method: req.method, path: req.url,
    headers: upstreamHeaders(req, { secure: forward.secure }), agent: target.agent,
  });
  let timedOut = false;
  let answered = false;
  // Deferred with setImmediate, as in health-probe.ts: an answer that arrived while our own
  // event loop was stalled is read before the timeout is declared.
  const timer = setTimeout(() => setImmediate(() => {
    if (answered) return;
    timedOut = true;
    upstream.destroy(new Error(`target ${target.address} did not answer within ${group.config.requestTimeoutSeconds} s`));
  }), group.config.requestTimeoutSeconds * 1000);
  const onClientGone = () => {
    if (!res.writableFinished) upstream.destroy();
  };
  res.once('close', onClientGone);
  upstream.on('response', (answerFromTarget) => {
    answered = true;
    clearTimeout(timer);
    res.once('close', release);
    relayResponse(forward, answerFromTarget);
  });
  upstream.on('error', (error: NodeJS.ErrnoException) => {
    clearTimeout(timer);
    release();
    if (res.headersSent || res.destroyed) return void res.destroy();
    res.off('close', onClientGone);
    const next = !retried && isRetryable(error, upstream, req) ? group.pick(target) : undefined;
    if (next) return attempt(forward, next, true);
    answer(res, timedOut ? 504 : 502, timedOut ? 'upstream timed out\n' : `upstream error: ${error.code ?? error.message}\n`);
  });
  if (hasBody(req)) req.pipe(upstream);
  else upstream.end();
}

function relayResponse(forward: ForwardRequest, from: IncomingMessage): void {
  const headers = endToEndHeaders(from.headers);
  if (forward.setCookie) headers['set-cookie'] = [...(from.headers['set-cookie'] ?? []), forward.setCookie];
  forward.res.writeHead(from.statusCode ?? 502, from.statusMessage, headers);
  from.pipe(forward.res);
  // A target that dies mid-body: the client must see a broken response, not a short one.
  from.on('aborted', () => forward.res.destroy());
  from.on('error', () => forward.res.destroy());
}

function isRetryable(error: NodeJS.ErrnoException, upstream: ClientRequest, req: IncomingMessage): boolean {
  if (!IDEMPOTENT.has(req.method ?? '') || hasBody(req)) return false;
  // A keep-alive socket the target closed while we were reusing it: the target did not take
  // the request (Node's documented case for retrying on `reusedSocket`).
  if (error.code === 'ECONNRESET' && upstream.reusedSocket) return true;
  return NOT_CONNECTED.has(error.code ?? '');
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
