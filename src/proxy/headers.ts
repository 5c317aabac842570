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

function connectionTokens(headers: IncomingHttpHeaders): Set<string> {
  const value = headers.connection;
  if (!value) return new Set();
  return new Set(value.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean));
}
