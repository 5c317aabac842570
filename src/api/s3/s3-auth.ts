import { timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../core/clock.ts';
import type { Role } from '../../core/roles.ts';
import { canonicalRequest, hmac, sha256Hex, signingKey } from '../../core/sigv4.ts';
import type { AccessKeyStore } from '../../store/access-keys.ts';
import { MAX_SKEW_MS, parseAuthorization, type SignatureClaim } from '../sigv4.ts';
import { S3Error } from './s3-error.ts';

/** Longest validity of a presigned URL S3 accepts: seven days. */
const MAX_PRESIGNED_SECONDS = 7 * 24 * 3600;

/** What signs the chunks of an aws-chunked body: the seed signature and what chains from it. */
export interface ChunkSigning {
  key: Buffer;
  amzDate: string;
  scope: string;
  seedSignature: string;
}

/**
 * How the request's body is covered, from `x-amz-content-sha256`:
 * * `sha256` - the hex SHA-256 of the body, checked while it streams.
 * * `unsigned` - `UNSIGNED-PAYLOAD`: not covered.
 * * `chunked` - aws-chunked framing, with chunk signatures when `signing` is set.
 */
export type PayloadMode =
  | { kind: 'sha256'; hash: string }
  | { kind: 'unsigned' }
  | { kind: 'chunked'; signing?: ChunkSigning };

/** Who signed an S3 request, and how its body is to be checked. */
export interface S3Identity {
  accessKeyId: string;
  role: Role;
  payload: PayloadMode;
}

/** The signed parts of an S3 request. */
export interface S3SignedRequest {
  method: string;
  path: string;
  /** Raw query string without `?`. */
  query: string;
  headers: Record<string, string | string[] | undefined>;
}

const EMPTY = Buffer.alloc(0);

/**
 * Verifies an S3 request's SigV4 signature (Authorization header, or a presigned URL's query)
 * with signing name `s3`, and says how its payload must be checked. S3 signs the path as sent,
 * encoded once. Throws S3's own errors (AccessDenied, InvalidAccessKeyId, SignatureDoesNotMatch…).
 */
export async function authenticateS3(request: S3SignedRequest, options: { keys: AccessKeyStore; clock: Clock }): Promise<S3Identity> {
  const params = new URLSearchParams(request.query);
  if (params.has('X-Amz-Algorithm')) return authenticatePresigned(request, params, options);
  const header = one(request.headers.authorization);
  if (!header) throw new S3Error('AccessDenied', 'Anonymous access is not allowed; sign the request with an access key.');
  const claim = claimOf(header);
  const secret = await secretOf(claim.accessKeyId, options.keys);
  const amzDate = one(request.headers['x-amz-date']);
  checkDate(amzDate, claim.day, options.clock.now());
  checkSignedHeaders(request, claim);
  const declared = one(request.headers['x-amz-content-sha256']);
  if (!declared) throw new S3Error('InvalidRequest', 'Missing required header for this request: x-amz-content-sha256');
  const signature = signatureOf(request, claim, { secret: secret.secret, amzDate, payloadHash: declared, query: request.query });
  if (!sameSignature(signature.value, claim.signature)) throw signatureMismatch();
  return { accessKeyId: claim.accessKeyId, role: secret.role, payload: payloadMode(declared, { key: signature.key, amzDate, scope: signature.scope, seedSignature: claim.signature }) };
}

function claimOf(header: string): SignatureClaim {
  let claim: SignatureClaim;
  try {
    claim = parseAuthorization(header);
  } catch {
    throw new S3Error('AuthorizationHeaderMalformed', 'The authorization header is malformed; expected AWS4-HMAC-SHA256 Credential, SignedHeaders and Signature.');
  }
  if (claim.service !== 's3') {
    throw new S3Error('AuthorizationHeaderMalformed', `The authorization header is malformed; the service '${claim.service}' is wrong; expecting 's3'.`);
  }
  return claim;
}

async function authenticatePresigned(request: S3SignedRequest, params: URLSearchParams, options: { keys: AccessKeyStore; clock: Clock }): Promise<S3Identity> {
  const credential = (params.get('X-Amz-Credential') ?? '').split('/');
  const amzDate = params.get('X-Amz-Date') ?? undefined;
  const expires = Number(params.get('X-Amz-Expires'));
  const given = params.get('X-Amz-Signature') ?? '';
  if (params.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256' || credential.length !== 5 || credential[3] !== 's3' || !/^[0-9a-f]{64}$/.test(given)) {
    throw new S3Error('AuthorizationQueryParametersError', 'X-Amz-Algorithm, X-Amz-Credential (scoped to s3) and X-Amz-Signature are required.');
  }
  if (!Number.isInteger(expires) || expires < 1 || expires > MAX_PRESIGNED_SECONDS) {
    throw new S3Error('AuthorizationQueryParametersError', 'X-Amz-Expires must be between 1 and 604800 seconds.');
  }
  const claim: SignatureClaim = {
    accessKeyId: credential[0]!, day: credential[1]!, region: credential[2]!, service: 's3',
    signedHeaders: (params.get('X-Amz-SignedHeaders') ?? '').split(';'), signature: given,
  };
  const secret = await secretOf(claim.accessKeyId, options.keys);
  const signedAt = parseAmzDate(amzDate, claim.day);
  if (options.clock.now() > signedAt + expires * 1000) throw new S3Error('AccessDenied', 'Request has expired');
  checkSignedHeaders(request, claim);
  const query = request.query.split('&').filter((p) => p && !p.startsWith('X-Amz-Signature=')).join('&');
  const signature = signatureOf(request, claim, { secret: secret.secret, amzDate: amzDate!, payloadHash: 'UNSIGNED-PAYLOAD', query });
  if (!sameSignature(signature.value, given)) throw signatureMismatch();
  return { accessKeyId: claim.accessKeyId, role: secret.role, payload: { kind: 'unsigned' } };
}

async function secretOf(accessKeyId: string, keys: AccessKeyStore): Promise<{ secret: string; role: Role }> {
  const key = await keys.findActive(accessKeyId);
  if (!key) throw new S3Error('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
  return { secret: key.secretAccessKey, role: key.role };
}

function signatureOf(request: S3SignedRequest, claim: SignatureClaim, o: { secret: string; amzDate: string; payloadHash: string; query: string }) {
  const canonical = canonicalRequest({ ...request, query: o.query, body: EMPTY }, claim.signedHeaders, o.payloadHash, 's3');
  const scope = `${claim.day}/${claim.region}/s3/aws4_request`;
  const key = signingKey(o.secret, claim.day, claim.region, 's3');
  const value = hmac(key, ['AWS4-HMAC-SHA256', o.amzDate, scope, sha256Hex(canonical)].join('\n')).toString('hex');
  return { value, key, scope };
}

function payloadMode(declared: string, signing: ChunkSigning): PayloadMode {
  if (/^[0-9a-f]{64}$/.test(declared)) return { kind: 'sha256', hash: declared };
  switch (declared) {
    case 'UNSIGNED-PAYLOAD':
      return { kind: 'unsigned' };
    case 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD':
    case 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER':
      return { kind: 'chunked', signing };
    case 'STREAMING-UNSIGNED-PAYLOAD-TRAILER':
      return { kind: 'chunked' };
    default:
      throw new S3Error('InvalidArgument', `x-amz-content-sha256 must be a SHA-256 hex digest, UNSIGNED-PAYLOAD or a STREAMING-… value, not '${declared}'.`);
  }
}

function checkDate(amzDate: string | undefined, day: string, nowMs: number): asserts amzDate is string {
  const signedAt = parseAmzDate(amzDate, day);
  if (Math.abs(nowMs - signedAt) > MAX_SKEW_MS) {
    throw new S3Error('RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.');
  }
}

function parseAmzDate(amzDate: string | undefined, day: string): number {
  const m = amzDate && /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!m) throw new S3Error('AccessDenied', 'AWS authentication requires a valid X-Amz-Date.');
  if (!amzDate!.startsWith(day)) throw new S3Error('SignatureDoesNotMatch', 'The credential scope date does not match X-Amz-Date.');
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
}

function checkSignedHeaders(request: S3SignedRequest, claim: SignatureClaim): void {
  if (!claim.signedHeaders.includes('host')) throw new S3Error('AccessDenied', "'Host' must be a signed header.");
  for (const name of claim.signedHeaders) {
    if (request.headers[name] === undefined) throw new S3Error('AccessDenied', `Signed header ${name} is missing from the request.`);
  }
}

function sameSignature(expected: string, given: string): boolean {
  return expected.length === given.length && timingSafeEqual(Buffer.from(expected), Buffer.from(given));
}

function signatureMismatch(): S3Error {
  return new S3Error('SignatureDoesNotMatch',
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.');
}

function one(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
