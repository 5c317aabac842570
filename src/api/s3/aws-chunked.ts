import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { hmac, sha256Hex } from '../../core/sigv4.ts';
import type { ChunkSigning } from './s3-auth.ts';
import { S3Error } from './s3-error.ts';

/** Longest chunk header or trailer line accepted. */
const MAX_LINE = 4096;
const EMPTY_SHA256 = sha256Hex('');

type State = 'header' | 'data' | 'data-end' | 'trailer' | 'done';

/**
 * Decodes an `aws-chunked` body (`<hex size>[;chunk-signature=<sig>]\r\n<data>\r\n`…, a zero
 * chunk, optional trailer lines such as `x-amz-checksum-crc32:…`, and a blank line) into the
 * object's bytes, chunk by chunk, without holding more than one read in memory. With `signing`,
 * each chunk's signature is checked against the chain that starts at the seed signature.
 */
export class AwsChunkedDecoder extends Transform {
  readonly #signing: ChunkSigning | undefined;
  #state: State = 'header';
  #line = '';
  #remaining = 0;
  #expectedSignature = '';
  #previousSignature: string;
  #hash: Hash | undefined;
  #decoded = 0;
  /** Trailer headers received (names lower-case), e.g. the client's checksum. */
  readonly trailers: Record<string, string> = {};

  constructor(options: { signing?: ChunkSigning } = {}) {
    super();
    this.#signing = options.signing;
    this.#previousSignature = options.signing?.seedSignature ?? '';
  }

  /** Bytes of object data decoded so far. */
  get decodedLength(): number {
    return this.#decoded;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      let at = 0;
      while (at < chunk.length) at = this.#step(chunk, at);
      done();
    } catch (err) {
      done(err as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    done(this.#state === 'done' ? null : new S3Error('IncompleteBody', 'The aws-chunked body ended before its final chunk.'));
  }

  #step(chunk: Buffer, at: number): number {
    switch (this.#state) {
      case 'header':
      case 'data-end':
      case 'trailer':
        return this.#readLine(chunk, at);
      case 'data': {
        const take = Math.min(this.#remaining, chunk.length - at);
        const data = chunk.subarray(at, at + take);
        this.#hash?.update(data);
        this.#decoded += take;
        this.#remaining -= take;
        this.push(data);
        if (this.#remaining === 0) this.#state = 'data-end';
        return at + take;
      }
      case 'done':
        if (chunk.subarray(at).some((b) => b !== 0x0d && b !== 0x0a)) throw malformed('data after the final chunk');
        return chunk.length;
    }
  }

  #readLine(chunk: Buffer, at: number): number {
    const lf = chunk.indexOf(0x0a, at);
    const end = lf === -1 ? chunk.length : lf + 1;
    this.#line += chunk.toString('latin1', at, end);
    if (this.#line.length > MAX_LINE) throw malformed('a chunk header or trailer line is too long');
    if (lf !== -1) {
      const line = this.#line.replace(/\r?\n$/, '');
      this.#line = '';
      this.#onLine(line);
    }
    return end;
  }

  #onLine(line: string): void {
    if (this.#state === 'data-end') {
      if (line !== '') throw malformed('chunk data is longer than its declared size');
      this.#verifyChunk();
      this.#state = 'header';
    } else if (this.#state === 'header') {
      this.#onHeader(line);
    } else if (line === '') {
      this.#state = 'done';
    } else {
      const colon = line.indexOf(':');
      if (colon > 0) this.trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
  }

  #onHeader(line: string): void {
    const m = /^([0-9a-fA-F]{1,16})(?:;chunk-signature=([0-9a-f]{64}))?$/.exec(line);
    if (!m) throw malformed(`bad chunk header '${line.slice(0, 80)}'`);
    if (this.#signing && !m[2]) throw new S3Error('SignatureDoesNotMatch', 'A chunk of a signed aws-chunked body has no chunk-signature.');
    this.#remaining = parseInt(m[1]!, 16);
    this.#expectedSignature = m[2] ?? '';
    this.#hash = this.#signing ? createHash('sha256') : undefined;
    if (this.#remaining > 0) {
      this.#state = 'data';
    } else {
      this.#verifyChunk();
      this.#state = 'trailer';
    }
  }

  #verifyChunk(): void {
    if (!this.#signing || !this.#hash) return;
    const { key, amzDate, scope } = this.#signing;
    const toSign = ['AWS4-HMAC-SHA256-PAYLOAD', amzDate, scope, this.#previousSignature, EMPTY_SHA256, this.#hash.digest('hex')].join('\n');
    const expected = hmac(key, toSign).toString('hex');
    if (expected !== this.#expectedSignature) {
      throw new S3Error('SignatureDoesNotMatch', 'The chunk signature we calculated does not match the signature you provided.');
    }
    this.#previousSignature = expected;
    this.#hash = undefined;
  }
}

function malformed(what: string): S3Error {
  return new S3Error('IncompleteBody', `Malformed aws-chunked body: ${what}.`);
}
