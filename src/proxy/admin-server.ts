import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { AdminError, badRequest } from './admin-error.ts';
import { route, type RouteResult } from './admin-routes.ts';
import type { LoadBalancer } from './load-balancer.ts';
import type { ProxyMetrics } from './metrics.ts';

/** Largest admin request body accepted. */
const MAX_BODY_BYTES = 1024 * 1024;

/** What the admin listener serves and whom it lets in. */
export interface AdminServerOptions {
  loadBalancer: LoadBalancer;
  metrics: ProxyMetrics;
  token: string;
}

/**
 * The admin API's HTTP server: `/healthz` and `/metrics` for anyone, everything under `/v1/`
 * for callers with `Authorization: Bearer <token>`. Errors are `{"error":{"code","message"}}`.
 */
export function createAdminServer(options: AdminServerOptions): Server {
  const expected = digest(options.token);
  return createServer((req, res) => {
    void handle(options, expected, req).then((result) => send(res, result), (error: unknown) => {
      const refusal = error instanceof AdminError ? error : undefined;
      if (!refusal) process.stderr.write(`cutover proxy: admin request failed: ${String((error as Error)?.stack ?? error)}\n`);
      send(res, refusal ? { status: refusal.status, body: refusal.toBody() } : { status: 500, body: { error: { code: 'Internal', message: String(error) } } });
    });
  });
}

async function handle(options: AdminServerOptions, expected: Buffer, req: IncomingMessage): Promise<RouteResult> {
  const url = new URL(req.url ?? '/', 'http://admin');
  const method = req.method ?? 'GET';
  if (method === 'GET' && url.pathname === '/healthz') return { status: 200, body: { status: 'ok' } };
  if (method === 'GET' && url.pathname === '/metrics') return { status: 200, text: options.metrics.prometheus() };
  if (!authorized(req, expected)) throw new AdminError('Unauthorized', 'missing or wrong bearer token (see the proxy\'s admin-token file)');
  const body = await readJson(req);
  return route(options.loadBalancer, options.metrics, { method, parts: pathParts(url.pathname), body });
}

/** `/v1/listeners/web/` as `['v1', 'listeners', 'web']` (a trailing slash is ignored). */
function pathParts(pathname: string): string[] {
  const parts = pathname.split('/').slice(1);
  if (parts.at(-1) === '') parts.pop();
  try {
    return parts.map(decodeURIComponent);
  } catch {
    throw badRequest(`malformed path ${pathname}`);
  }
}

function authorized(req: IncomingMessage, expected: Buffer): boolean {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  // Comparing digests keeps the comparison constant-time whatever the token's length.
  return m !== null && timingSafeEqual(digest(m[1]!), expected);
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw badRequest('body too large');
    chunks.push(chunk);
  }
  if (size === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw badRequest('body is not valid JSON');
  }
}

function send(res: ServerResponse, result: RouteResult): void {
  if (result.text !== undefined) {
    res.writeHead(result.status, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(result.text);
    return;
  }
  if (result.body === undefined) return void res.writeHead(result.status).end();
  const json = JSON.stringify(result.body);
  res.writeHead(result.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) }).end(json);
}
