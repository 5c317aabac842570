import type { IncomingMessage } from 'node:http';
import { PassThrough, Writable, type Readable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AwsChunkedDecoder } from './aws-chunked.ts';
import { ObjectDigest, sha256Check } from './payload-checks.ts';
import type { PayloadMode } from './s3-auth.ts';
import { S3Error } from './s3-error.ts';

/** The request body as a stream of object bytes, with the checks its payload mode needs. */
export interface ObjectBody {
  source: Readable;
  /** Decoders and checks, in order; the last one is {@link ObjectBody.digest}. */
  steps: Transform[];
  digest: ObjectDigest;
}

/**
 * Prepares a request body for a blob write: aws-chunked bodies are decoded (chunk signatures
 * checked when signed), a signed hex hash is checked as the bytes pass, and the bytes are counted
 * and MD5-hashed. The request is read through a PassThrough so that a failed check does not
 * destroy the socket: the rest can still be drained and the error answered.
 */
export function objectBody(req: IncomingMessage, payload: PayloadMode, maxBytes: number): ObjectBody {
  const steps: Transform[] = [];
  if (payload.kind === 'chunked') steps.push(new AwsChunkedDecoder(payload.signing ? { signing: payload.signing } : {}));
  if (payload.kind === 'sha256') steps.push(sha256Check(payload.hash));
  const expected = expectedLength(req, payload);
  if (expected !== undefined && expected > maxBytes) {
    throw new S3Error('EntityTooLarge', `Your proposed upload exceeds the maximum allowed size of ${maxBytes} bytes.`);
  }
  const digest = new ObjectDigest({ maxBytes, ...(expected !== undefined ? { expectedBytes: expected } : {}) });
  steps.push(digest);
  return { source: guarded(req), steps, digest };
}

function expectedLength(req: IncomingMessage, payload: PayloadMode): number | undefined {
  const header = payload.kind === 'chunked' ? req.headers['x-amz-decoded-content-length'] : req.headers['content-length'];
  if (header === undefined) {
    if (payload.kind === 'chunked') throw new S3Error('MissingContentLength', 'aws-chunked uploads must send x-amz-decoded-content-length.');
    return undefined;
  }
  const n = Number(header);
  if (!Number.isSafeInteger(n) || n < 0) throw new S3Error('InvalidArgument', 'The content length is not a valid number.');
  return n;
}

function guarded(req: IncomingMessage): Readable {
  const pass = new PassThrough();
  req.on('close', () => {
    if (!req.complete) pass.destroy(new Error('the client closed the connection before the body ended'));
  });
  req.on('error', (err) => pass.destroy(err));
  req.pipe(pass);
  return pass;
}

/** Reads a small request body (an XML document) in full, refusing more than `limit` bytes. */
export async function smallBody(req: IncomingMessage, payload: PayloadMode, limit: number): Promise<string> {
  const body = objectBody(req, payload, limit);
  const chunks: Buffer[] = [];
  const collect = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  await pipeline([body.source, ...body.steps, collect]);
  return Buffer.concat(chunks).toString('utf8');
}
