import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders } from 'node:http';

// RFC 9110 §7.6.1: hop-by-hop fields, plus the Proxy-* family; whatever Connection names is
// removed too (see connectionTokens).
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization']);

/** The end-to-end headers of a message: hop-by-hop ones and those its Connection header names are left out. */
export function endToEndHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const named = connectionTokens(headers);
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || name.startsWith('proxy-') || named.has(name)) continue;
    out[name] = value;
  }
  return out;
}

/**
 * The headers sent upstream for a client request: its end-to-end headers (Host kept), plus
 * X-Forwarded-For (appended), X-Forwarded-Proto and X-Forwarded-Host. For a WebSocket
 * handshake, `upgrade` keeps Connection: upgrade and the Upgrade header.
 */
export function upstreamHeaders(req: IncomingMessage, options: { secure: boolean; upgrade?: boolean }): OutgoingHttpHeaders {
  const headers = endToEndHeaders(req.headers);
  const client = req.socket.remoteAddress ?? '';
  const prior = req.headers['x-forwarded-for'];
  headers['x-forwarded-for'] = prior ? `${prior}, ${client}` : client;
  headers['x-forwarded-proto'] = options.secure ? 'https' : 'http';
  if (req.headers.host) headers['x-forwarded-host'] = req.headers.host;
  if (options.upgrade && req.headers.upgrade) {
    headers.connection = 'upgrade';
    headers.upgrade = req.headers.upgrade;
  }
  return headers;
}

/**
 * A target's raw response headers (name, value, name, value, as undici hands them over) as the
 * flat list `writeHead` takes, without hop-by-hop headers and those Connection names; duplicates
 * (Set-Cookie) stay separate. `setCookie`, when given, is added as one more Set-Cookie.
 */
export function endToEndRawHeaders(raw: readonly Buffer[], setCookie?: string): string[] {
  const out: string[] = [];
  let named: ReadonlySet<string> | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toString('latin1');
    const lower = name.toLowerCase();
    if (lower === 'connection') named = connectionTokens({ connection: raw[i + 1]!.toString('latin1') });
    if (HOP_BY_HOP.has(lower) || lower.startsWith('proxy-')) continue;
    out.push(name, raw[i + 1]!.toString('latin1'));
  }
  // Connection usually comes last or is absent, so the names it lists are removed afterwards.
  if (named && named.size > 0) return withoutNamed(out, named, setCookie);
  if (setCookie !== undefined) out.push('set-cookie', setCookie);
  return out;
}

function withoutNamed(flat: string[], named: ReadonlySet<string>, setCookie?: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < flat.length; i += 2) if (!named.has(flat[i]!.toLowerCase())) out.push(flat[i]!, flat[i + 1]!);
  if (setCookie !== undefined) out.push('set-cookie', setCookie);
  return out;
}

// Shared, read-only: most requests have no Connection header, and this runs for every one.
const NO_TOKENS: ReadonlySet<string> = new Set();

function connectionTokens(headers: IncomingHttpHeaders): ReadonlySet<string> {
  const value = headers.connection;
  if (!value) return NO_TOKENS;
  return new Set(value.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean));
}
