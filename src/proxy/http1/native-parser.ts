import { createRequire } from 'node:module';
import type { Socket } from 'node:net';

/**
 * Node's own HTTP/1.1 parser (llhttp, in C++), the one `node:http` runs on, used directly: the
 * proxy moves bytes between raw sockets and needs llhttp's strict framing (no request
 * smuggling past it) without `node:http`'s stream objects per request, which cost more CPU
 * than the forwarding itself. `_http_common` is not a documented module, so everything that
 * touches it is here, and `assertParserAvailable` fails the proxy's start clearly if a Node
 * release changes it.
 */
interface NativeParser {
  initialize(type: number, resource: object, maxHeaderSize: number, lenient: number): void;
  execute(data: Buffer): number | ParseError;
  finish(): undefined | ParseError;
  consume(handle: unknown): void;
  unconsume(): void;
  getCurrentBuffer(): Buffer;
  close(): void;
  [callback: number]: unknown;
}

interface NativeParserConstructor {
  new (): NativeParser;
  REQUEST: number;
  RESPONSE: number;
  kOnHeaders: number;
  kOnHeadersComplete: number;
  kOnBody: number;
  kOnMessageComplete: number;
  kOnExecute: number;
  kLenientNone: number;
}

/** A parse failure: llhttp's code (`HPE_HEADER_OVERFLOW`, `HPE_INVALID_METHOD`, …). */
export interface ParseError extends Error {
  code: string;
  bytesParsed?: number;
}

const common = createRequire(import.meta.url)('_http_common') as { HTTPParser?: NativeParserConstructor; methods?: string[] };
const Parser = common.HTTPParser;
const METHODS = common.methods ?? [];

/** Throws when this Node's internal parser is not the one this module was written against. */
export function assertParserAvailable(): void {
  const ok = typeof Parser === 'function' && typeof Parser.prototype.consume === 'function' && METHODS.includes('GET')
    && typeof Parser.kOnHeadersComplete === 'number';
  if (!ok) throw new Error(`cutover proxy needs Node's built-in HTTP parser (Node 20 or 22); this Node ${process.version} does not expose it`);
}

/** One message's head, as llhttp parsed it. Header names and values are flat: name, value, name, value. */
export interface ParsedHead {
  versionMinor: number;
  rawHeaders: string[];
  /** Requests: the method and target. */
  method: string;
  url: string;
  /** Responses: the status line. */
  statusCode: number;
  statusMessage: string;
  upgrade: boolean;
  keepAlive: boolean;
}

/** What a parser reports, in order: head, body chunks (de-chunked), end; or an error. */
export interface ParserEvents {
  /** Return true to declare that this message has no body (the answer to a HEAD request). */
  onHead(head: ParsedHead): boolean | void;
  onBody(chunk: Buffer): void;
  onEnd(): void;
  onError(error: ParseError): void;
  /**
   * After each read: `parsed` bytes of it were consumed (an upgrade leaves the rest). `data`
   * copies the read's bytes, so call it only when they are needed.
   */
  onRead?(parsed: number, data: () => Buffer): void;
}

const MAX_HEADER_BYTES = 16 * 1024;

/**
 * A request or response parser on one socket. It reads in C++ straight from the socket's
 * handle when it can (`consume`, as `node:http` does), so no Buffer or stream event exists per
 * read; otherwise from `data` events.
 */
export class MessageParser {
  readonly #parser: NativeParser;
  readonly #events: ParserEvents;
  #socket: Socket | undefined;
  #consumed = false;
  #onData: ((data: Buffer) => void) | undefined;
  // Heads bigger than one read arrive in parts (kOnHeaders) before kOnHeadersComplete.
  #partialHeaders: string[] = [];
  #partialUrl = '';

  constructor(kind: 'request' | 'response', events: ParserEvents) {
    if (!Parser) assertParserAvailable();
    this.#events = events;
    this.#parser = new Parser!();
    this.#parser.initialize(kind === 'request' ? Parser!.REQUEST : Parser!.RESPONSE, {}, MAX_HEADER_BYTES, Parser!.kLenientNone);
    this.#parser[Parser!.kOnHeaders] = (headers: string[], url: string) => {
      this.#partialHeaders.push(...headers);
      this.#partialUrl += url;
    };
    this.#parser[Parser!.kOnHeadersComplete] = this.#headersComplete.bind(this);
    this.#parser[Parser!.kOnBody] = (chunk: Buffer) => events.onBody(chunk);
    this.#parser[Parser!.kOnMessageComplete] = () => events.onEnd();
    this.#parser[Parser!.kOnExecute] = (result: number | ParseError) => this.#afterRead(result, () => this.#parser.getCurrentBuffer());
  }

  /** Starts parsing what the socket receives. */
  attach(socket: Socket): void {
    this.#socket = socket;
    const handle = (socket as unknown as { _handle?: { isStreamBase?: boolean; _consumed?: boolean } })._handle;
    if (handle?.isStreamBase && !handle._consumed) {
      handle._consumed = true;
      this.#consumed = true;
      this.#parser.consume(handle);
      return;
    }
    this.#onData = (data) => this.#afterRead(this.#parser.execute(data), () => data);
    socket.on('data', this.#onData);
  }

  /** Stops parsing and gives the socket's reads back to its stream (for a tunnel). */
  detach(): void {
    if (this.#consumed) {
      this.#parser.unconsume();
      const handle = (this.#socket as unknown as { _handle?: { _consumed?: boolean } })?._handle;
      if (handle) handle._consumed = false;
    }
    if (this.#onData) this.#socket?.off('data', this.#onData);
    this.#consumed = false;
    this.#onData = undefined;
  }

  /** The peer closed its side: ends a body that runs until close, or reports a cut message. */
  finish(): void {
    const result = this.#parser.finish();
    if (result instanceof Error) this.#events.onError(result);
  }

  /** Stops reading from the socket (backpressure); what was already read is still delivered. */
  pauseReading(): void {
    if (this.#consumed) readHandle(this.#socket)?.readStop();
    else this.#socket?.pause();
  }

  resumeReading(): void {
    if (this.#consumed) readHandle(this.#socket)?.readStart();
    else this.#socket?.resume();
  }

  /** Frees the native parser. */
  close(): void {
    this.detach();
    this.#parser.close();
  }

  #headersComplete(_major: number, minor: number, headers: string[] | undefined, method: number, url: string | undefined,
    statusCode: number, statusMessage: string, upgrade: boolean, keepAlive: boolean): number {
    let rawHeaders = headers ?? [];
    if (this.#partialHeaders.length > 0) {
      rawHeaders = [...this.#partialHeaders, ...rawHeaders];
      url = this.#partialUrl + (url ?? '');
      this.#partialHeaders = [];
      this.#partialUrl = '';
    }
    const noBody = this.#events.onHead({
      versionMinor: minor, rawHeaders, method: METHODS[method] ?? '', url: url ?? '', statusCode, statusMessage: statusMessage ?? '',
      upgrade, keepAlive,
    });
    return noBody ? 1 : 0;
  }

  #afterRead(result: number | ParseError, data: () => Buffer): void {
    if (result instanceof Error) return this.#events.onError(result);
    this.#events.onRead?.(result, data);
  }
}

function readHandle(socket: Socket | undefined): { readStop(): void; readStart(): void } | undefined {
  return (socket as unknown as { _handle?: { readStop(): void; readStart(): void } } | undefined)?._handle;
}
