import assert from 'node:assert/strict';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, it } from 'node:test';
import { hmac, sha256Hex, signingKey } from '../../core/sigv4.ts';
import { AwsChunkedDecoder } from './aws-chunked.ts';
import type { ChunkSigning } from './s3-auth.ts';

const SIGNING: ChunkSigning = {
  key: signingKey('secret', '20261127', 'us-east-1', 's3'), amzDate: '20261127T120000Z', scope: '20261127/us-east-1/s3/aws4_request',
  seedSignature: 'a'.repeat(64),
};

/** Frames chunks as a client does, signing each one after the previous signature. */
function signedBody(chunks: Buffer[]): Buffer {
  let previous = SIGNING.seedSignature;
  const parts: Buffer[] = [];
  for (const chunk of [...chunks, Buffer.alloc(0)]) {
    const toSign = ['AWS4-HMAC-SHA256-PAYLOAD', SIGNING.amzDate, SIGNING.scope, previous, sha256Hex(''), sha256Hex(chunk)].join('\n');
    previous = hmac(SIGNING.key, toSign).toString('hex');
    parts.push(Buffer.from(`${chunk.length.toString(16)};chunk-signature=${previous}\r\n`), chunk, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

/** Decodes `body` fed in pieces of `step` bytes. */
async function decode(body: Buffer, decoder: AwsChunkedDecoder, step = 7): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for (let at = 0; at < body.length; at += step) pieces.push(body.subarray(at, at + step));
  const out: Buffer[] = [];
  await pipeline(Readable.from(pieces), decoder, new Writable({ write(c: Buffer, _e, done) { out.push(c); done(); } }));
  return Buffer.concat(out);
}

describe('AwsChunkedDecoder', () => {
  it('decodes signed chunks split anywhere, checking the signature chain', async () => {
    const data = [Buffer.from('hello '), Buffer.from('chunked '), Buffer.from('world')];
    for (const step of [1, 5, 1000]) {
      assert.equal((await decode(signedBody(data), new AwsChunkedDecoder({ signing: SIGNING }), step)).toString(), 'hello chunked world');
    }
  });

  it('refuses a chunk whose bytes were changed after signing', async () => {
    const body = signedBody([Buffer.from('hello'), Buffer.from('world')]);
    const tampered = Buffer.from(body.toString('latin1').replace('world', 'w0rld'), 'latin1');
    await assert.rejects(decode(tampered, new AwsChunkedDecoder({ signing: SIGNING })), { code: 'SignatureDoesNotMatch' });
  });

  it('decodes unsigned chunks with a checksum trailer, as SDK v3 sends them', async () => {
    const body = Buffer.from('5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n');
    const decoder = new AwsChunkedDecoder();
    assert.equal((await decode(body, decoder, 3)).toString(), 'hello world');
    assert.deepEqual(decoder.trailers, { 'x-amz-checksum-crc32': 'DUoRhQ==' });
    assert.equal(decoder.decodedLength, 11);
  });

  it('refuses a body cut off before its final chunk, and a chunk longer than declared', async () => {
    await assert.rejects(decode(Buffer.from('5\r\nhello\r\n'), new AwsChunkedDecoder()), { code: 'IncompleteBody' });
    await assert.rejects(decode(Buffer.from('3\r\nhello\r\n0\r\n\r\n'), new AwsChunkedDecoder()), { code: 'IncompleteBody' });
  });
});
