import { canonicalRequest, hmac, sha256Hex, signingKey } from '../core/sigv4.ts';

/** Credentials that sign requests. */
export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** A request to sign: headers are lower-case names; `host` must be present. */
export interface RequestToSign {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * Signs a request with SigV4 and returns the headers to send (the given ones plus x-amz-date,
 * x-amz-content-sha256 and authorization). Every given header is signed.
 */
export function signRequest(
  request: RequestToSign,
  options: { credentials: SigningCredentials; region: string; service: string; now?: Date; omitPayloadHashHeader?: boolean },
): Record<string, string> {
  const amzDate = (options.now ?? new Date()).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const payloadHash = sha256Hex(request.body);
  const headers: Record<string, string> = {
    ...lowerCaseKeys(request.headers),
    'x-amz-date': amzDate,
  };
  // The aws CLI v1 sends no payload-hash header; the option lets tests sign the way it does.
  if (!options.omitPayloadHashHeader) headers['x-amz-content-sha256'] = payloadHash;
  if (options.credentials.sessionToken) headers['x-amz-security-token'] = options.credentials.sessionToken;
  const signed = Object.keys(headers).sort();
  const canonical = canonicalRequest(
    { method: request.method, path: request.url.pathname, query: request.url.search.slice(1), headers, body: request.body },
    signed, payloadHash, options.service,
  );
  const scope = `${day}/${options.region}/${options.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonical)].join('\n');
  const key = signingKey(options.credentials.secretAccessKey, day, options.region, options.service);
  const signature = hmac(key, stringToSign).toString('hex');
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${options.credentials.accessKeyId}/${scope}, SignedHeaders=${signed.join(';')}, Signature=${signature}`;
  return headers;
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
