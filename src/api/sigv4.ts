import { timingSafeEqual } from 'node:crypto';
import { canonicalRequest, hmac, sha256Hex, signingKey, type SignableRequest } from '../core/sigv4.ts';
import { AwsError } from './errors.ts';

/** Clock skew AWS tolerates between a request's `x-amz-date` and the server. */
export const MAX_SKEW_MS = 15 * 60 * 1000;

const AUTH_PATTERN =
  /^AWS4-HMAC-SHA256 Credential=([^/\s]+)\/(\d{8})\/([^/\s]+)\/([^/\s]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;_.-]+),\s*Signature=([0-9a-f]{64})$/;

/** What a request's Authorization header claims, before the signature is checked. */
export interface SignatureClaim {
  accessKeyId: string;
  day: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

/** The parts of an HTTP request that SigV4 covers. */
export type SignedRequest = SignableRequest;

/** Parses the Authorization header, or throws the AWS error for a missing or malformed one. */
export function parseAuthorization(header: string | undefined): SignatureClaim {
  if (!header) throw new AwsError('MissingAuthenticationTokenException', 'Missing Authentication Token');
  const m = AUTH_PATTERN.exec(header.trim());
  if (!m) {
    throw new AwsError('IncompleteSignatureException',
      'Authorization header requires Credential, SignedHeaders and Signature for AWS4-HMAC-SHA256');
  }
  return { accessKeyId: m[1]!, day: m[2]!, region: m[3]!, service: m[4]!, signedHeaders: m[5]!.split(';'), signature: m[6]! };
}

/**
 * Verifies a SigV4 signature with the caller's secret. When `x-amz-content-sha256` is absent
 * (the aws CLI v1 omits it) the body is hashed here; when present it must match the body.
 * Throws InvalidSignatureException on any mismatch or a date outside ±15 minutes.
 */
export function verifySignature(request: SignedRequest, claim: SignatureClaim, secret: string, nowMs: number): void {
  const amzDate = headerValue(request.headers, 'x-amz-date');
  checkDate(amzDate, claim.day, nowMs);
  checkSignedHeaders(request, claim);
  const bodyHash = sha256Hex(request.body);
  const declaredHash = headerValue(request.headers, 'x-amz-content-sha256');
  if (declaredHash !== undefined && declaredHash !== bodyHash && declaredHash !== 'UNSIGNED-PAYLOAD') {
    throw new AwsError('InvalidSignatureException', 'The provided x-amz-content-sha256 header does not match what was computed.');
  }
  const canonical = canonicalRequest(request, claim.signedHeaders, declaredHash ?? bodyHash, claim.service);
  const scope = `${claim.day}/${claim.region}/${claim.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonical)].join('\n');
  const key = signingKey(secret, claim.day, claim.region, claim.service);
  const expected = Buffer.from(hmac(key, stringToSign).toString('hex'));
  if (!timingSafeEqual(expected, Buffer.from(claim.signature))) {
    throw new AwsError('InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.');
  }
}

function checkDate(amzDate: string | undefined, day: string, nowMs: number): asserts amzDate is string {
  const m = amzDate && /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!m) throw new AwsError('IncompleteSignatureException', 'X-Amz-Date header is missing or malformed');
  if (!amzDate!.startsWith(day)) throw new AwsError('InvalidSignatureException', 'Credential scope date does not match X-Amz-Date');
  const signedAt = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  if (Math.abs(nowMs - signedAt) > MAX_SKEW_MS) {
    throw new AwsError('InvalidSignatureException',
      `Signature expired: ${amzDate} is now earlier or later than the server time by more than 15 minutes.`);
  }
}

function checkSignedHeaders(request: SignedRequest, claim: SignatureClaim): void {
  if (!claim.signedHeaders.includes('host')) {
    throw new AwsError('InvalidSignatureException', "'Host' must be a signed header");
  }
  for (const name of claim.signedHeaders) {
    if (request.headers[name] === undefined) {
      throw new AwsError('InvalidSignatureException', `Signed header ${name} is missing from the request`);
    }
  }
}

function headerValue(headers: SignedRequest['headers'], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}
