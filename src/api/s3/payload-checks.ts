import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { S3Error } from './s3-error.ts';

/**
 * Passes bytes through while hashing them with SHA-256; fails at the end when the digest is not
 * the one the client signed (x-amz-content-sha256), so the object is never committed.
 */
export function sha256Check(expectedHex: string): Transform {
  const hash = createHash('sha256');
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
    flush(done) {
      const actual = hash.digest('hex');
      done(actual === expectedHex ? null : new S3Error('XAmzContentSHA256Mismatch',
        "The provided 'x-amz-content-sha256' header does not match what was computed."));
    },
  });
}

/**
 * Counts and MD5-hashes the bytes passing through (the object's ETag), failing once more than
 * `maxBytes` pass, and at the end when fewer or more than `expectedBytes` came.
 */
export class ObjectDigest extends Transform {
  readonly #hash = createHash('md5');
  readonly #maxBytes: number;
  readonly #expectedBytes: number | undefined;
  #size = 0;
  #md5: Buffer | undefined;

  constructor(options: { maxBytes: number; expectedBytes?: number }) {
    super();
    this.#maxBytes = options.maxBytes;
    this.#expectedBytes = options.expectedBytes;
  }

  /** Bytes seen. */
  get size(): number {
    return this.#size;
  }

  /** The MD5 of everything seen; available once the stream has ended. */
  get md5(): Buffer {
    if (!this.#md5) throw new Error('digest read before the body ended');
    return this.#md5;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.#size += chunk.length;
    if (this.#size > this.#maxBytes) {
      done(new S3Error('EntityTooLarge', `Your proposed upload exceeds the maximum allowed size of ${this.#maxBytes} bytes.`));
      return;
    }
    this.#hash.update(chunk);
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    this.#md5 = this.#hash.digest();
    if (this.#expectedBytes !== undefined && this.#size !== this.#expectedBytes) {
      done(new S3Error('IncompleteBody', `You did not provide the number of bytes specified (${this.#expectedBytes}); got ${this.#size}.`));
      return;
    }
    done();
  }
}
