import { createHash, createHmac } from 'node:crypto';

/** The parts of an HTTP request that SigV4 covers; shared by the signer and the verifier. */
export interface SignableRequest {
  method: string;
  /** Path as sent, without the query string. */
  path: string;
  /** Raw query string, without `?`. */
  query: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** The SigV4 canonical request for `signed` headers and a payload hash. */
export function canonicalRequest(request: SignableRequest, signed: string[], payloadHash: string, service: string): string {
  const headers = signed.map((h) => `${h}:${normalizeHeader(request.headers[h])}\n`).join('');
  return [request.method, canonicalPath(request.path, service), canonicalQuery(request.query), headers, signed.join(';'), payloadHash].join('\n');
}

/** S3 signs the path encoded once; every other service encodes the encoded path again. */
function canonicalPath(path: string, service: string): string {
  if (service === 's3') return path || '/';
  return path.split('/').map((seg) => encodeRfc3986(decodeSafely(seg))).map((seg) => encodeRfc3986(seg)).join('/') || '/';
}

function canonicalQuery(query: string): string {
  if (!query) return '';
  return query.split('&').filter(Boolean).map((pair) => {
    const [k, v = ''] = pair.split('=', 2) as [string, string?];
    return [encodeRfc3986(decodeSafely(k)), encodeRfc3986(decodeSafely(v))] as const;
  }).sort((a, b) => (a[0] === b[0] ? cmp(a[1], b[1]) : cmp(a[0], b[0]))).map(([k, v]) => `${k}=${v}`).join('&');
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function decodeSafely(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, '%20'));
  } catch {
    return s;
  }
}

function encodeRfc3986(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function normalizeHeader(value: string | string[] | undefined): string {
  const joined = Array.isArray(value) ? value.join(',') : value ?? '';
  return joined.trim().replace(/\s+/g, ' ');
}

/** HMAC-SHA256. */
export function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** Hex SHA-256 of a body. */
export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The SigV4 signing key for a day, region and service. */
export function signingKey(secret: string, day: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), service), 'aws4_request');
}
