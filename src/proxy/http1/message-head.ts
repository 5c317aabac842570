import { STATUS_CODES } from 'node:http';

// RFC 9110 §7.6.1: hop-by-hop fields, plus the Proxy-* family; whatever Connection names is
// removed too. Content-Length is not hop-by-hop, but the proxy writes the framing itself.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization']);
// Replaced by the proxy's own values on the way to a target.
const REPLACED_UPSTREAM = new Set(['x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'expect']);

/** How a message's body is delimited, as the proxy will write it. */
export type Framing = { kind: 'none' } | { kind: 'length'; length: string } | { kind: 'chunked' } | { kind: 'close' };

/** What a request's head says about forwarding it. */
export interface RequestFacts {
  host?: string;
  cookie?: string;
  /** X-Forwarded-For values the client sent, joined. */
  forwardedFor?: string;
  expectContinue: boolean;
  hasBody: boolean;
  contentLength?: string;
  upgrade?: string;
}

/** Reads the headers a proxy acts on from a flat name/value list, in one pass. */
export function requestFacts(raw: readonly string[]): RequestFacts {
  const facts: RequestFacts = { expectContinue: false, hasBody: false };
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const value = raw[i + 1]!;
    if (name === 'host') facts.host = value;
    else if (name === 'cookie') facts.cookie = facts.cookie === undefined ? value : `${facts.cookie}; ${value}`;
    else if (name === 'x-forwarded-for') facts.forwardedFor = facts.forwardedFor === undefined ? value : `${facts.forwardedFor}, ${value}`;
    else if (name === 'expect') facts.expectContinue = value.toLowerCase() === '100-continue';
    else if (name === 'transfer-encoding') facts.hasBody = true;
    else if (name === 'content-length') {
      facts.contentLength = value;
      if (value !== '0') facts.hasBody = true;
    } else if (name === 'upgrade') facts.upgrade = value;
  }
  return facts;
}

/** The proxy's request head for a target: end-to-end headers, X-Forwarded-*, and the framing. */
export function upstreamRequestHead(options: {
  method: string; url: string; raw: readonly string[]; facts: RequestFacts; clientAddress: string; secure: boolean; upgrade?: boolean;
}): string {
  const { raw, facts } = options;
  let head = `${options.method} ${options.url} HTTP/1.1\r\n`;
  head += endToEnd(raw, REPLACED_UPSTREAM);
  head += `x-forwarded-for: ${facts.forwardedFor ? `${facts.forwardedFor}, ` : ''}${options.clientAddress}\r\n`;
  head += `x-forwarded-proto: ${options.secure ? 'https' : 'http'}\r\n`;
  if (facts.host !== undefined) head += `x-forwarded-host: ${facts.host}\r\n`;
  if (options.upgrade) head += `connection: upgrade\r\nupgrade: ${facts.upgrade}\r\n`;
  else if (facts.contentLength !== undefined) head += `content-length: ${facts.contentLength}\r\n`;
  else if (facts.hasBody) head += 'transfer-encoding: chunked\r\n';
  return `${head}\r\n`;
}

/** The response head for the client: the target's status and end-to-end headers, with the proxy's framing. */
export function clientResponseHead(options: {
  statusCode: number; statusMessage: string; raw: readonly string[]; framing: Framing; close: boolean; setCookie?: string; upgrade?: string;
}): string {
  let head = statusLine(options.statusCode, options.statusMessage);
  head += endToEnd(options.raw);
  if (options.setCookie !== undefined) head += `set-cookie: ${options.setCookie}\r\n`;
  head += framingHeader(options.framing);
  if (options.upgrade !== undefined) head += `connection: upgrade\r\nupgrade: ${options.upgrade}\r\n`;
  else if (options.close) head += 'connection: close\r\n';
  return `${head}\r\n`;
}

/** A complete short plain-text answer of the proxy's own (502, 503, 504, 400, …). */
export function ownAnswer(statusCode: number, text: string, close: boolean): string {
  return `${statusLine(statusCode, '')}content-type: text/plain; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(text)}\r\n${close ? 'connection: close\r\n' : ''}\r\n${text}`;
}

/** How a target's response is framed for the client, from the target's headers and what the client can take. */
export function responseFraming(raw: readonly string[], options: { bodyless: boolean; clientSpeaksChunked: boolean }): Framing {
  if (options.bodyless) {
    const length = headerValue(raw, 'content-length');
    return length === undefined ? { kind: 'none' } : { kind: 'length', length };
  }
  // llhttp refuses a message with both, so a Content-Length here is the framing.
  const length = headerValue(raw, 'content-length');
  if (length !== undefined) return { kind: 'length', length };
  // Chunked, or delimited by the target closing: chunked to an HTTP/1.1 client, by closing otherwise.
  return options.clientSpeaksChunked ? { kind: 'chunked' } : { kind: 'close' };
}

/** The first value of a header (names compared case-insensitively). */
export function headerValue(raw: readonly string[], lowerName: string): string | undefined {
  for (let i = 0; i < raw.length; i += 2) if (raw[i]!.toLowerCase() === lowerName) return raw[i + 1];
  return undefined;
}

function statusLine(statusCode: number, statusMessage: string): string {
  return `HTTP/1.1 ${statusCode} ${statusMessage || STATUS_CODES[statusCode] || ''}\r\n`;
}

function framingHeader(framing: Framing): string {
  if (framing.kind === 'length') return `content-length: ${framing.length}\r\n`;
  if (framing.kind === 'chunked') return 'transfer-encoding: chunked\r\n';
  return '';
}

/**
 * The end-to-end header lines of a flat list: hop-by-hop ones, Proxy-*, Content-Length (the
 * proxy writes the framing), those Connection names and those in `drop` are left out;
 * duplicates (Set-Cookie) stay separate and in order.
 */
export function endToEnd(raw: readonly string[], drop?: ReadonlySet<string>): string {
  const named = connectionTokens(raw);
  let lines = '';
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || lower === 'content-length' || lower.startsWith('proxy-') || drop?.has(lower) || named?.has(lower)) continue;
    lines += `${name}: ${raw[i + 1]}\r\n`;
  }
  return lines;
}

/** The header names a Connection header lists; undefined when there is none (most messages). */
function connectionTokens(raw: readonly string[]): ReadonlySet<string> | undefined {
  let tokens: Set<string> | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]!.length !== 10 || raw[i]!.toLowerCase() !== 'connection') continue;
    tokens ??= new Set();
    for (const token of raw[i + 1]!.split(',')) if (token.trim()) tokens.add(token.trim().toLowerCase());
  }
  return tokens;
}
