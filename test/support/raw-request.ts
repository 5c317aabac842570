import { request } from 'node:http';
import { signRequest, type SigningCredentials } from '../../src/client/sign-request.ts';

/** What came back from a raw HTTP request: status, lower-case headers and the body text. */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: any;
}

/** The CodeDeploy target prefix, as `X-Amz-Target: CodeDeploy_20141006.<Op>` uses it. */
export const TARGET_PREFIX = 'CodeDeploy_20141006';

/** A request with no answer for this long fails instead of hanging the suite: a stuck server is a finding. */
export const ANSWER_TIMEOUT_MS = 30_000;

/**
 * Sends exactly the given headers and body to `POST /` (or `path`), with no signing of its own:
 * for requests a well-behaved client would never send. Transport errors reject.
 */
export function postRaw(url: string, headers: Record<string, string>, body: Buffer | string, options: { path?: string; method?: string } = {}): Promise<RawResponse> {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
  return new Promise((resolve, reject) => {
    const req = request(new URL(options.path ?? '/', url), {
      method: options.method ?? 'POST', headers: { ...headers, 'content-length': String(bytes.length) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: parseJson(text) });
      });
      res.on('error', reject);
    });
    req.setTimeout(ANSWER_TIMEOUT_MS, () => req.destroy(new Error(`no answer within ${ANSWER_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end(bytes);
  });
}

/** Options for a signed request that a test then alters. */
export interface SignedCallOptions {
  url: string;
  credentials: SigningCredentials;
  operation: string;
  body: string | Buffer;
  service?: string;
  region?: string;
  now?: Date;
  method?: string;
  path?: string;
  /** Signs as the aws CLI v1 does: without an x-amz-content-sha256 header. */
  omitPayloadHashHeader?: boolean;
  /** Sent as `X-Amz-Target` instead of `CodeDeploy_20141006.<operation>`; null sends none. */
  target?: string | null;
  /** Changes the signed headers and body before they are sent (tampering). */
  alter?: (signed: { headers: Record<string, string>; body: string | Buffer }) => { headers: Record<string, string>; body: string | Buffer };
}

/** Signs a CodeDeploy call with SigV4, optionally alters it, and sends it. */
export function signedCall(options: SignedCallOptions): Promise<RawResponse> {
  const url = new URL(options.path ?? '/', options.url);
  const target = options.target === undefined ? `${TARGET_PREFIX}.${options.operation}` : options.target;
  const unsigned: Record<string, string> = { host: url.host, 'content-type': 'application/x-amz-json-1.1' };
  if (target !== null) unsigned['x-amz-target'] = target;
  const headers = signRequest({
    method: options.method ?? 'POST', url, body: Buffer.isBuffer(options.body) ? options.body : Buffer.from(options.body), headers: unsigned,
  }, { credentials: options.credentials, region: options.region ?? 'us-east-1', service: options.service ?? 'codedeploy', now: options.now,
    omitPayloadHashHeader: options.omitPayloadHashHeader });
  const sent = options.alter ? options.alter({ headers, body: options.body }) : { headers, body: options.body };
  return postRaw(options.url, sent.headers, sent.body, { path: options.path, method: options.method });
}

function parseJson(text: string): any {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Streams `body` with `Transfer-Encoding: chunked` (no Content-Length), so the server cannot
 * refuse it up front and has to count bytes as they arrive. A server that refuses part-way
 * answers and closes while the body is still being written; like curl, this keeps the answer
 * and ignores the write error that follows it.
 */
export function postChunked(url: string, headers: Record<string, string>, body: Buffer, chunkBytes = 64 * 1024): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(new URL('/', url), { method: 'POST', headers: { ...headers, 'transfer-encoding': 'chunked' } }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: parseJson(text) });
      });
      res.on('error', reject);
    });
    req.setTimeout(ANSWER_TIMEOUT_MS, () => req.destroy(new Error(`no answer within ${ANSWER_TIMEOUT_MS} ms`)));
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    let offset = 0;
    const pump = (): void => {
      while (offset < body.length) {
        const chunk = body.subarray(offset, offset + chunkBytes);
        offset += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      req.end();
    };
    pump();
  });
}
