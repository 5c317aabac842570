import type { Socket } from 'node:net';
import type { ProxyMetrics } from '../metrics.ts';
import type { ProxyTargetGroup } from '../target-group.ts';
import { Exchange, type ClientSide } from './exchange.ts';
import { ownAnswer, requestFacts, type RequestFacts } from './message-head.ts';
import { MessageParser, type ParsedHead, type ParseError } from './native-parser.ts';
import { forwardUpgrade } from './upgrade.ts';

/** What a client connection needs from its listener. */
export interface ListenerContext {
  readonly name: string;
  readonly secure: boolean;
  readonly metrics: ProxyMetrics;
  /** The listener is closing: finish what is under way, then close. */
  readonly closing: boolean;
  /** The target group for a request, and the stickiness cookie to set when it was chosen anew. */
  choose(cookie: string | undefined): { group?: ProxyTargetGroup; setCookie?: string };
}

/** Requests parsed ahead of their turn (pipelined) before the client is paused. */
const MAX_QUEUED = 16;

/**
 * One client connection: parses its requests (pipelined ones queue and are answered in
 * order), hands each to an Exchange, and closes when the client or the answer asks for it.
 */
export class ClientConnection implements ClientSide {
  readonly socket: Socket;
  /** When it last had nothing to do (the listener closes connections idle too long). */
  idleSince = Date.now();
  readonly #context: ListenerContext;
  readonly #parser: MessageParser;
  readonly #queue: Exchange[] = [];
  /** The exchange whose request body the parser is reading. */
  #receiving: Exchange | undefined;
  #upgrade: { head: ParsedHead; facts: RequestFacts } | undefined;
  #tunnelling = false;
  #closeWhenIdle = false;
  #paused = false;
  /** The proxy's own final answer (400, 431, …), sent once the queue is empty. */
  #refusal: string | undefined;

  constructor(socket: Socket, context: ListenerContext) {
    this.socket = socket;
    this.#context = context;
    socket.setNoDelay(true);
    this.#parser = new MessageParser('request', {
      onHead: (head) => this.#onHead(head),
      onBody: (chunk) => this.#receiving?.bodyChunk(chunk),
      onEnd: () => {
        this.#receiving?.bodyEnd();
        this.#receiving = undefined;
      },
      onError: (error) => this.#onParseError(error),
      onRead: (parsed, data) => {
        if (this.#upgrade && !this.#tunnelling) this.#startTunnel(data().subarray(parsed));
      },
    });
    this.#parser.attach(socket);
    socket.on('error', () => socket.destroy());
    // The client closed its side: answer what it sent, then close (a half-open client still reads).
    socket.on('end', () => {
      if (this.#tunnelling) return;
      this.#parser.finish();
      this.#closeWhenIdle = true;
      if (this.#queue.length === 0) socket.end();
    });
    socket.on('close', () => {
      this.#parser.close();
      for (const exchange of this.#queue.splice(0)) exchange.abort();
    });
  }

  /** Whether it is between requests (nothing parsed and not yet answered). */
  get idle(): boolean {
    return this.#queue.length === 0 && !this.#upgrade;
  }

  /** Closes now if idle, else after the answer under way. */
  closeSoon(): void {
    this.#closeWhenIdle = true;
    if (this.idle) this.socket.end();
  }

  exchangeDone(exchange: Exchange, close: boolean): void {
    if (this.#queue[0] === exchange) this.#queue.shift();
    if (this.#queue.length === 0 && this.#refusal !== undefined) return void this.socket.end(this.#refusal, 'latin1');
    if (close || (this.#closeWhenIdle && this.#queue.length === 0)) {
      // Requests pipelined behind one that closes the connection are never answered.
      for (const dropped of this.#queue.splice(0)) dropped.abort();
      this.socket.end();
      return;
    }
    if (this.#paused && this.#queue.length < MAX_QUEUED) this.resumeReading();
    if (this.#queue.length === 0) this.idleSince = Date.now();
    else this.#queue[0]!.start();
  }

  pauseReading(): void {
    this.#paused = true;
    this.#parser.pauseReading();
  }

  resumeReading(): void {
    if (!this.#paused) return;
    this.#paused = false;
    this.#parser.resumeReading();
  }

  #onHead(head: ParsedHead): boolean {
    // Requests read after a refusal (in the same read) are not answered.
    if (this.#refusal !== undefined) return true;
    const facts = requestFacts(head.rawHeaders);
    if (head.method === 'CONNECT') {
      this.#fail(405, 'CONNECT is not supported\n');
      return true;
    }
    if (head.upgrade && facts.upgrade !== undefined) {
      // An upgrade behind pipelined requests would have to wait for their answers; nobody does that.
      if (this.#queue.length > 0) this.#fail(400, 'upgrade behind pipelined requests\n');
      else this.#upgrade = { head, facts };
      return true;
    }
    const { group, setCookie } = this.#context.choose(facts.cookie);
    const exchange = new Exchange(this, {
      head, facts, group, setCookie, listener: this.#context.name, secure: this.#context.secure, metrics: this.#context.metrics,
      closing: this.#context.closing || this.#closeWhenIdle,
    });
    this.#receiving = facts.hasBody ? exchange : undefined;
    this.#queue.push(exchange);
    if (this.#queue.length === 1) exchange.start();
    else if (this.#queue.length >= MAX_QUEUED) this.pauseReading();
    return false;
  }

  #startTunnel(rest: Buffer): void {
    const { head, facts } = this.#upgrade!;
    this.#tunnelling = true;
    this.#parser.detach();
    const { group, setCookie } = this.#context.choose(facts.cookie);
    forwardUpgrade({ socket: this.socket, head, facts, rest, group, setCookie, secure: this.#context.secure });
  }

  #onParseError(error: ParseError): void {
    // A body that ends badly (cut by the client's close, or a broken chunk) fails its own request.
    const cut = this.#receiving;
    if (cut) {
      this.#receiving = undefined;
      this.#closeWhenIdle = true;
      this.pauseReading();
      return cut.requestCut();
    }
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    this.#fail(status, status === 431 ? 'request header fields too large\n' : `bad request (${error.code})\n`);
  }

  /** Answers a request the proxy refuses, after the answers already under way, and closes. */
  #fail(status: number, text: string): void {
    if (this.#refusal !== undefined) return;
    this.#refusal = ownAnswer(status, text, true);
    this.#receiving = undefined;
    this.pauseReading();
    if (this.#queue.length === 0) this.socket.end(this.#refusal, 'latin1');
  }
}
