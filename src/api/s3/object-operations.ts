import { pipeline } from 'node:stream/promises';
import type { BundleObject } from '../../store/bundle-objects.ts';
import { requireBucket } from './bucket-operations.ts';
import { parseRange, type ByteRange } from './byte-range.ts';
import { objectBody } from './request-body.ts';
import { sendEmpty } from './respond.ts';
import { S3Error } from './s3-error.ts';
import { headerOf, keyOf, MAX_KEY_BYTES, MAX_OBJECT_BYTES, removeBlobs, type S3Call, type S3Context, type S3OperationHandler } from './s3-context.ts';

/** S3's Content-Type for objects stored without one. */
export const DEFAULT_CONTENT_TYPE = 'binary/octet-stream';

/**
 * PutObject: the body streams into a new blob (decoded and checked on the way); only when it is
 * complete, checked and durable does the metadata row appear, replacing any earlier object.
 */
export const putObject: S3OperationHandler = async (call, ctx) => {
  const bucket = await requireBucket(call, ctx);
  const key = checkedKey(call);
  if (headerOf(call, 'x-amz-copy-source')) throw new S3Error('NotImplemented', 'CopyObject is not implemented by Cutover\'s bundle store.');
  const body = objectBody(call.req, call.identity.payload, MAX_OBJECT_BYTES);
  const blob = await ctx.blobs.write(body.source, body.steps);
  const eTag = `"${body.digest.md5.toString('hex')}"`;
  let stale: string[];
  try {
    checkContentMd5(call, body.digest.md5);
    stale = (await ctx.objects.putObject({ bucket, key, blobId: blob.blobId, size: blob.size, eTag, ...objectHeaders(call) })).staleBlobIds;
  } catch (err) {
    await ctx.blobs.remove(blob.blobId);
    throw err;
  }
  await removeBlobs(ctx, stale);
  sendEmpty(call.res, 200, { etag: eTag });
};

/** DeleteObject: 204 whether or not the key existed, as S3 answers. */
export const deleteObject: S3OperationHandler = async (call, ctx) => {
  const bucket = await requireBucket(call, ctx);
  const { staleBlobIds } = await ctx.objects.deleteObject(bucket, keyOf(call));
  await removeBlobs(ctx, staleBlobIds);
  sendEmpty(call.res, 204);
};

/** GetObject, with a single byte range and If-Match / If-None-Match; the file is streamed. */
export const getObject: S3OperationHandler = async (call, ctx) => {
  for (let attempt = 0; ; attempt++) {
    const { object, range } = await readableObject(call, ctx);
    let stream;
    try {
      stream = await ctx.blobs.read(object.blobId, range);
    } catch (err) {
      // Replaced or deleted between the lookup and the open: look it up again.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' && attempt < 2) continue;
      throw err;
    }
    call.res.writeHead(range ? 206 : 200, responseHeaders(object, range));
    await pipeline(stream, call.res).catch((err) => ctx.log.debug({ err }, 'object download ended early'));
    return;
  }
};

/** HeadObject: GetObject's headers without the body. */
export const headObject: S3OperationHandler = async (call, ctx) => {
  const { object, range } = await readableObject(call, ctx);
  call.res.writeHead(range ? 206 : 200, responseHeaders(object, range));
  call.res.end();
};

async function readableObject(call: S3Call, ctx: S3Context): Promise<{ object: BundleObject; range?: ByteRange }> {
  const key = keyOf(call);
  const versionId = call.query.get('versionId');
  // No versioning: only the "null" version exists, as in an unversioned S3 bucket.
  if (versionId !== null && versionId !== 'null') throw new S3Error('InvalidArgument', 'Invalid version id specified', { ArgumentName: 'versionId', ArgumentValue: versionId });
  const object = await ctx.objects.getObject(call.target.bucket!, key);
  if (!object) {
    await requireBucket(call, ctx);
    throw new S3Error('NoSuchKey', 'The specified key does not exist.', { Key: key });
  }
  checkConditions(call, object);
  const range = parseRange(headerOf(call, 'range'), object.size);
  return { object, ...(range ? { range } : {}) };
}

function checkConditions(call: S3Call, object: BundleObject): void {
  const ifMatch = headerOf(call, 'if-match');
  if (ifMatch && !etagListHas(ifMatch, object.eTag)) throw new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold');
  const ifNoneMatch = headerOf(call, 'if-none-match');
  if (ifNoneMatch && etagListHas(ifNoneMatch, object.eTag)) throw new NotModified(object.eTag);
}

/** Not an error to S3 clients: answered as 304 with the ETag. */
export class NotModified extends Error {
  readonly eTag: string;

  constructor(eTag: string) {
    super('not modified');
    this.eTag = eTag;
  }
}

function etagListHas(list: string, eTag: string): boolean {
  return list.split(',').map((s) => s.trim().replace(/^W\//, '')).some((s) => s === '*' || s.replace(/"/g, '') === eTag.replace(/"/g, ''));
}

function responseHeaders(object: BundleObject, range?: ByteRange): Record<string, string | number> {
  const headers: Record<string, string | number> = {
    'accept-ranges': 'bytes', 'content-type': object.contentType, etag: object.eTag,
    'last-modified': object.lastModified.toUTCString(), 'content-length': range ? range.end - range.start + 1 : object.size,
  };
  if (range) headers['content-range'] = `bytes ${range.start}-${range.end}/${object.size}`;
  for (const [name, value] of Object.entries(object.metadata)) headers[`x-amz-meta-${name}`] = value;
  return headers;
}

/** The key of an object write, checked against S3's length limit. */
export function checkedKey(call: S3Call): string {
  const key = keyOf(call);
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) throw new S3Error('KeyTooLongError', 'Your key is too long');
  return key;
}

/** Content-Type and x-amz-meta-* of a request that creates an object. */
export function objectHeaders(call: S3Call): { contentType: string; metadata: Record<string, string> } {
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(call.req.headers)) {
    if (name.startsWith('x-amz-meta-') && value !== undefined) metadata[name.slice('x-amz-meta-'.length)] = String(value);
  }
  return { contentType: headerOf(call, 'content-type') ?? DEFAULT_CONTENT_TYPE, metadata };
}

function checkContentMd5(call: S3Call, md5: Buffer): void {
  const given = headerOf(call, 'content-md5');
  if (given === undefined) return;
  if (Buffer.from(given, 'base64').length !== 16) throw new S3Error('InvalidDigest', 'The Content-MD5 you specified was invalid.');
  if (given !== md5.toString('base64')) throw new S3Error('BadDigest', 'The Content-MD5 you specified did not match what we received.');
}
