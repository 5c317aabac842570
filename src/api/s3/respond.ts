import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { S3Error } from './s3-error.ts';
import { document } from './xml.ts';

/** How much of an unread request body is drained before an error answer; larger ones close the connection. */
const MAX_DRAIN_BYTES = 32 * 1024 * 1024;

/** Sends an XML document. */
export function sendXml(res: ServerResponse, status: number, xml: string, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { ...headers, 'content-type': 'application/xml', 'content-length': Buffer.byteLength(xml) });
  res.end(xml);
}

/** Sends a response without a body. */
export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string | number> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-length': 0, ...headers });
  res.end();
}

/**
 * Answers with S3's `<Error>` document (no body for HEAD), after draining what is left of the
 * request body so that the client reads the answer rather than a reset; a huge remainder
 * closes the connection instead. Errors that are not S3Errors are logged and become InternalError.
 */
export async function sendError(req: IncomingMessage, res: ServerResponse, error: unknown, o: { log: Logger; requestId: string; resource: string }): Promise<void> {
  const s3 = error instanceof S3Error ? error : internal(error, o.log, o.requestId);
  await settleBody(req, res);
  if (req.method === 'HEAD') {
    sendEmpty(res, s3.status, { 'x-amz-error-code': s3.code });
    return;
  }
  sendXml(res, s3.status, errorDocument(s3, o.resource, o.requestId));
}

function errorDocument(error: S3Error, resource: string, requestId: string): string {
  const details = Object.entries(error.details);
  const body = document('Error', [['Code', error.code], ['Message', error.message], ...details, ['Resource', resource], ['RequestId', requestId]]);
  // S3's error documents carry no namespace.
  return body.replace(' xmlns="http://s3.amazonaws.com/doc/2006-03-01/"', '');
}

function internal(error: unknown, log: Logger, requestId: string): S3Error {
  log.error({ err: error, requestId }, 'bundle store request failed');
  return new S3Error('InternalError', 'We encountered an internal error. Please try again.');
}

async function settleBody(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.complete || req.destroyed) return;
  const length = Number(req.headers['content-length'] ?? Number.NaN);
  if (!(length <= MAX_DRAIN_BYTES)) {
    res.setHeader('connection', 'close');
    req.resume();
    return;
  }
  req.resume();
  await once(req, 'end').catch(() => {});
}
