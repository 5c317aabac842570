import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { canonicalRequest, hmac, sha256Hex, signingKey } from '../../core/sigv4.ts';

const AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=[^/]+\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/;

/** One stored object version. */
export interface TestObject {
  body: Buffer;
  etag: string;
  /** Send without Content-Length (chunked), as a streaming store might. */
  chunked?: boolean;
}

/**
 * Test-only S3 double: a real HTTP server that answers path-style GetObject, recomputes each
 * request's SigV4 signature (service `s3`, the signed headers the request names) and refuses a
 * mismatch, serves `versionId`, and returns S3's XML errors. It stands in for an object store
 * we do not own.
 */
export class S3TestDouble {
  readonly requests: { path: string; query: string; authorization?: string }[] = [];
  #server: Server;
  #objects = new Map<string, Map<string, TestObject>>();
  #secret: string;

  constructor(options: { secretAccessKey: string }) {
    this.#secret = options.secretAccessKey;
    this.#server = createServer((req, res) => this.#handle(req, res));
  }

  /** Starts listening on a free port and returns the endpoint URL. */
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** Stores a version of `bucket/key`; the last one put is the latest. */
  put(bucket: string, key: string, versionId: string, object: TestObject): void {
    const path = `${bucket}/${key}`;
    const versions = this.#objects.get(path) ?? new Map<string, TestObject>();
    versions.delete(versionId);
    versions.set(versionId, object);
    this.#objects.set(path, versions);
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url!, 'http://double');
    this.requests.push({ path: url.pathname, query: url.search.slice(1), authorization: req.headers.authorization });
    const problem = this.#checkSignature(req, url);
    if (problem) return this.#error(res, 403, 'SignatureDoesNotMatch', problem);
    const object = this.#find(decodeURIComponent(url.pathname.slice(1)), url.searchParams.get('versionId'));
    if (!object) return this.#error(res, 404, 'NoSuchKey', 'The specified key does not exist.');
    res.writeHead(200, object.chunked ? { etag: object.etag } : { etag: object.etag, 'content-length': object.body.length });
    if (!object.chunked) return void res.end(object.body);
    // Several writes, so the client sees the body arrive in pieces.
    for (let at = 0; at < object.body.length; at += 4) res.write(object.body.subarray(at, at + 4));
    res.end();
  }

  #checkSignature(req: IncomingMessage, url: URL): string | undefined {
    const m = AUTHORIZATION.exec(req.headers.authorization ?? '');
    if (!m) return `malformed Authorization: ${req.headers.authorization}`;
    const [, day, region, service, signedList, signature] = m as unknown as string[];
    if (service !== 's3') return `signed for service ${service}`;
    if (!signedList!.split(';').includes('host')) return 'host is not signed';
    const amzDate = String(req.headers['x-amz-date']);
    const payloadHash = String(req.headers['x-amz-content-sha256']);
    if (payloadHash !== sha256Hex('')) return 'x-amz-content-sha256 is not the hash of an empty body';
    const request = { method: req.method!, path: url.pathname, query: url.search.slice(1), headers: req.headers, body: Buffer.alloc(0) };
    const canonical = canonicalRequest(request, signedList!.split(';'), payloadHash, 's3');
    const scope = `${day}/${region}/s3/aws4_request`;
    const expected = hmac(signingKey(this.#secret, day!, region!, 's3'), ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonical)].join('\n'));
    return expected.toString('hex') === signature ? undefined : 'The request signature we calculated does not match the signature you provided.';
  }

  #find(path: string, versionId: string | null): TestObject | undefined {
    const versions = this.#objects.get(path);
    if (!versions) return undefined;
    return versionId === null ? [...versions.values()].at(-1) : versions.get(versionId);
  }

  #error(res: ServerResponse, status: number, code: string, message: string): void {
    res.writeHead(status, { 'content-type': 'application/xml' });
    res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`);
  }
}
