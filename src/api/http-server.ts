import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Clock } from '../core/clock.ts';
import { isReadOperation } from '../core/roles.ts';
import type { Store } from '../store/store.ts';
import type { ApiRuntime } from './action.ts';
import { authenticate } from './authenticate.ts';
import { AwsError } from './errors.ts';
import { invokeJsonService, renderError, type JsonService, type WireResponse } from './json-service.ts';

/** Operations that record intent the engine acts on. */
const ENGINE_INTENT = new Set(['CreateDeployment', 'StopDeployment', 'ContinueDeployment', 'SkipWaitTimeForInstanceTermination', 'PutLifecycleEventHookExecutionStatus']);

/** Largest request body accepted. CodeDeploy requests are small; inline AppSpec content is the largest. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** What the HTTP front needs to serve the API. */
export interface ApiServerOptions {
  store: Store;
  clock: Clock;
  region: string;
  accountId: string;
  log: Logger;
  services: JsonService[];
  runtime: ApiRuntime;
  /** Aborted when the server stops, to end long polls at once. */
  shutdownSignal: AbortSignal;
  /** The embedded bundle store (api/s3/): answers every request that is not for the JSON API. */
  s3?: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
}

/** Creates the HTTP server for the CodeDeploy API (not yet listening). */
export function createApiServer(options: ApiServerOptions): Server {
  const server = createServer((req, res) => {
    handle(req, res, options).catch((error) => {
      writeResponse(res, renderError(error, options.log, randomUUID()));
    });
  });
  server.keepAliveTimeout = 65_000;
  return server;
}

async function handle(req: IncomingMessage, res: ServerResponse, options: ApiServerOptions): Promise<void> {
  const requestId = randomUUID();
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (req.method === 'GET' && url.pathname === '/healthz') {
    writeResponse(res, { status: 200, headers: { 'content-type': 'application/json' }, body: '{"status":"ok"}' });
    return;
  }
  if (options.s3 && isS3Request(req, url)) {
    await options.s3(req, res);
    return;
  }
  let body: Buffer;
  try {
    body = await readBody(req, MAX_BODY_BYTES);
  } catch (error) {
    res.setHeader('connection', 'close');
    writeResponse(res, renderError(error, options.log, requestId));
    return;
  }
  writeResponse(res, await handleJson({ req, url, body, requestId, signal: () => abortSignalOf(res, options.shutdownSignal) }, options));
}

/**
 * S3 requests share the port, path-style: anything without X-Amz-Target that is not `POST /`
 * (which S3 never uses and the JSON API always does).
 */
function isS3Request(req: IncomingMessage, url: URL): boolean {
  return req.headers['x-amz-target'] === undefined && !(req.method === 'POST' && url.pathname === '/');
}

interface IncomingCall {
  req: IncomingMessage;
  url: URL;
  body: Buffer;
  requestId: string;
  /** Built on first use: only long polls need it, and building one per request is not free. */
  signal: () => AbortSignal;
}

/** A signal that aborts when the client goes away before its response, or the server stops. */
function abortSignalOf(res: ServerResponse, shutdown: AbortSignal): AbortSignal {
  const clientGone = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) clientGone.abort();
  });
  return AbortSignal.any([clientGone.signal, shutdown]);
}

async function handleJson(call: IncomingCall, options: ApiServerOptions): Promise<WireResponse> {
  const { req, url, body, requestId } = call;
  try {
    const target = headerOf(req, 'x-amz-target');
    if (req.method !== 'POST' || url.pathname !== '/') {
      throw new AwsError('UnknownOperationException', `No operation at ${req.method} ${url.pathname}`);
    }
    const service = target ? options.services.find((s) => target.startsWith(`${s.targetPrefix}.`)) : undefined;
    const signingNames = service?.signingNames ?? options.services.flatMap((s) => s.signingNames);
    const caller = await authenticate(
      { method: req.method, path: url.pathname, query: url.search.slice(1), headers: req.headers, body },
      { keys: options.store.accessKeys, clock: options.clock, signingNames },
    );
    if (!service || !target) throw new AwsError('UnknownOperationException', `Unknown operation ${target ?? '(no X-Amz-Target)'}`);
    const log = options.log.child({ requestId });
    let signal: AbortSignal | undefined;
    const ctx = {
      store: options.store, clock: options.clock, region: options.region, accountId: options.accountId,
      caller, log, runtime: options.runtime,
      get signal() {
        return (signal ??= call.signal());
      },
    };
    const response = await invokeJsonService(service, { target, body, requestId }, ctx);
    audit(log, target, caller.accessKeyId, response.status);
    // Recorded intent (a new deployment, a stop, a continue) is the engine's cue; waking it now
    // rather than on its next tick is what makes a one-host deployment finish in under a second.
    if (response.status === 200 && ENGINE_INTENT.has(target.split('.').pop() ?? '')) options.runtime.waker.wakeEngine();
    return response;
  } catch (error) {
    return renderError(error, options.log, requestId);
  }
}

/**
 * Mutating calls are logged with who made them, for the audit trail. Polls are not: they
 * change nothing unless they deliver, and a fleet of agents polls all day.
 */
function audit(log: Logger, target: string, accessKeyId: string, status: number): void {
  const operation = target.split('.').pop() ?? target;
  if (!isReadOperation(operation) && operation !== 'PollHostCommand') log.info({ audit: true, operation, accessKeyId, status }, 'api call');
}

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * How much of a refused body is still read and thrown away. Answering 413 and closing while the
 * client is still sending makes most clients see a reset (EPIPE) instead of the answer, so a
 * body up to this size is drained first; anything larger is cut off at once.
 */
export const MAX_DRAIN_BYTES = 32 * 1024 * 1024;

/** Reads a request body, refusing more than `limit` bytes without buffering them. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => new AwsError('RequestEntityTooLargeException', `Request body exceeds ${limit} bytes`);
    if (Number(req.headers['content-length'] ?? 0) > MAX_DRAIN_BYTES) {
      req.resume();
      reject(tooLarge());
      return;
    }
    let chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
      } else if (size > MAX_DRAIN_BYTES) {
        req.removeAllListeners('data');
        req.resume();
        reject(tooLarge());
      } else {
        chunks = [];
      }
    });
    req.on('end', () => (size > limit ? reject(tooLarge()) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

function writeResponse(res: ServerResponse, response: WireResponse): void {
  if (res.headersSent) return;
  res.writeHead(response.status, { ...response.headers, 'content-length': Buffer.byteLength(response.body) });
  res.end(response.body);
}
