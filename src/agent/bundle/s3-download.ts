import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SYSTEM_CLOCK, type Clock } from '../../core/clock.ts';
import { signRequest, type SigningCredentials } from '../../client/sign-request.ts';
import { BundleError } from './bundle-error.ts';
import type { S3BundleRevision } from './bundle-revision.ts';

const DEFAULT_TIMEOUT_MS = 80_000;
const MAX_ERROR_BODY_BYTES = 16 * 1024;

/** Where and how the agent fetches S3 bundles. */
export interface S3Options {
  /**
   * Base URL of an S3-compatible endpoint (the official agent's `:s3_endpoint_override`), used
   * path-style: `GET <endpoint>/<bucket>/<key>`. When unset, {@link S3Options.serverEndpoint} is
   * asked first, then `https://s3.<region>.amazonaws.com`.
   */
  endpoint?: string;
  /**
   * The Cutover server the agent talks to, whose embedded bundle store serves S3 on the same
   * port. Without an `endpoint`, bundles are fetched from it; only when it answers NoSuchBucket
   * is the default AWS endpoint used, so both the embedded store and AWS S3 work unconfigured.
   */
  serverEndpoint?: string;
  /** Signing region. */
  region: string;
  /** Signing credentials; without them the request is sent unsigned (public buckets). */
  credentials?: SigningCredentials;
  /** Socket idle timeout (default 80 s, the official agent's read timeout). */
  timeoutMs?: number;
  /** Time source for the signature date. */
  clock?: Clock;
}

/**
 * Downloads an S3 bundle to `destination` with a SigV4-signed path-style GetObject, honouring
 * the revision's `version` (as `versionId`) and `eTag` (compared ignoring quotes, before the
 * body is read). The body is streamed to disk, never held in memory, and the download is cut
 * off once it passes `maxBytes`. On failure the partial file is removed.
 */
export async function downloadS3Bundle(options: {
  s3: S3Options; revision: S3BundleRevision; destination: string; maxBytes: number;
}): Promise<void> {
  const { revision, destination } = options;
  try {
    const response = await openObject(options.s3, revision);
    await checkResponse(response, revision, options.maxBytes);
    await pipeline(response, byteLimit(options.maxBytes, describe(revision)), createWriteStream(destination));
  } catch (err) {
    await rm(destination, { force: true });
    if (err instanceof BundleError) throw err;
    throw new BundleError(`Unable to download ${describe(revision)}: ${(err as Error).message}`, { cause: err });
  }
}

/** GetObject from the configured endpoint, or from the server's embedded store and then AWS. */
async function openObject(s3: S3Options, revision: S3BundleRevision): Promise<IncomingMessage> {
  if (s3.endpoint || !s3.serverEndpoint) return getObject(objectUrl(s3, revision), s3);
  const fromServer = await getObject(objectUrl({ ...s3, endpoint: s3.serverEndpoint }, revision), s3);
  if (fromServer.statusCode !== 404) return fromServer;
  const body = await readCapped(fromServer);
  if (!/<Code>NoSuchBucket<\/Code>/.test(body)) {
    throw new BundleError(`Unable to download ${describe(revision)} from the Cutover server's bundle store: HTTP 404${s3ErrorDetail(body)}`);
  }
  return getObject(objectUrl({ ...s3, endpoint: undefined }, revision), s3);
}

/** The path-style object URL, with the key's segments encoded once as S3 expects. */
export function objectUrl(s3: { endpoint?: string | undefined; region: string }, revision: Pick<S3BundleRevision, 'bucket' | 'key' | 'version'>): URL {
  const base = new URL(s3.endpoint ?? `https://s3.${s3.region}.amazonaws.com`);
  const prefix = base.pathname.replace(/\/+$/, '');
  const key = revision.key.split('/').map(encodeSegment).join('/');
  const url = new URL(`${base.origin}${prefix}/${encodeSegment(revision.bucket)}/${key}`);
  if (revision.version) url.search = `versionId=${encodeSegment(revision.version)}`;
  return url;
}

function encodeSegment(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function getObject(url: URL, s3: S3Options): Promise<IncomingMessage> {
  const headers = signedHeaders(url, s3);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { method: 'GET', headers, timeout: s3.timeoutMs ?? DEFAULT_TIMEOUT_MS }, resolve);
    req.on('timeout', () => req.destroy(new Error(`no data for ${s3.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end();
  });
}

function signedHeaders(url: URL, s3: S3Options): Record<string, string> {
  const headers = { host: url.host };
  if (!s3.credentials) return headers;
  const now = new Date((s3.clock ?? SYSTEM_CLOCK).now());
  return signRequest({ method: 'GET', url, headers, body: Buffer.alloc(0) },
    { credentials: s3.credentials, region: s3.region, service: 's3', now });
}

async function checkResponse(response: IncomingMessage, revision: S3BundleRevision, maxBytes: number): Promise<void> {
  if (response.statusCode !== 200) {
    const detail = s3ErrorDetail(await readCapped(response));
    throw new BundleError(`Unable to download ${describe(revision)}: HTTP ${response.statusCode}${detail}`);
  }
  const actual = response.headers.etag;
  if (revision.eTag && unquote(revision.eTag) !== unquote(actual ?? '')) {
    response.destroy();
    throw new BundleError(`Expected deployment artifact bundle etag ${revision.eTag} but was actually ${actual}`);
  }
  const length = Number(response.headers['content-length']);
  if (length > maxBytes) {
    response.destroy();
    throw new BundleError(`Refusing bundle: ${describe(revision)} is more than ${maxBytes} bytes (Content-Length ${length})`);
  }
}

function unquote(etag: string): string {
  return etag.replace(/"/g, '');
}

function s3ErrorDetail(body: string): string {
  const code = /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
  const message = /<Message>([^<]*)<\/Message>/.exec(body)?.[1];
  return [code, message].filter(Boolean).map((s) => ` ${s}`).join(':');
}

async function readCapped(stream: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    chunks.push(chunk as Buffer);
    total += (chunk as Buffer).length;
    if (total >= MAX_ERROR_BODY_BYTES) break;
  }
  return Buffer.concat(chunks).toString('utf8');
}

function byteLimit(maxBytes: number, what: string): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > maxBytes) done(new BundleError(`Refusing bundle: ${what} is more than ${maxBytes} bytes`));
      else done(null, chunk);
    },
  });
}

function describe(revision: Pick<S3BundleRevision, 'bucket' | 'key' | 'version'>): string {
  return `s3://${revision.bucket}/${revision.key}${revision.version ? ` (version ${revision.version})` : ''}`;
}
