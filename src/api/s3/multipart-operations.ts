import { createHash, randomUUID } from 'node:crypto';
import type { BundlePart, BundleUpload } from '../../store/bundle-objects.ts';
import { requireBucket } from './bucket-operations.ts';
import { checkedKey, objectHeaders } from './object-operations.ts';
import { objectBody, smallBody } from './request-body.ts';
import { sendEmpty, sendXml } from './respond.ts';
import { S3Error } from './s3-error.ts';
import {
  headerOf, keyOf, MAX_OBJECT_BYTES, MAX_PART_NUMBER, MAX_XML_BYTES, removeBlobs, type S3Call, type S3Context, type S3OperationHandler,
} from './s3-context.ts';
import { document, textsOf } from './xml.ts';

/** CreateMultipartUpload: records the upload; its parts are files until it completes. */
export const createMultipartUpload: S3OperationHandler = async (call, ctx) => {
  const bucket = await requireBucket(call, ctx);
  const key = checkedKey(call);
  const uploadId = randomUUID().replace(/-/g, '');
  await ctx.objects.createUpload({ uploadId, bucket, key, ...objectHeaders(call) });
  sendXml(call.res, 200, document('InitiateMultipartUploadResult', [['Bucket', bucket], ['Key', key], ['UploadId', uploadId]]));
};

/** UploadPart: streams one part into its own blob; a part sent again replaces the earlier one. */
export const uploadPart: S3OperationHandler = async (call, ctx) => {
  const upload = await requireUpload(call, ctx);
  const partNumber = partNumberOf(call.query.get('partNumber'));
  if (headerOf(call, 'x-amz-copy-source')) throw new S3Error('NotImplemented', 'UploadPartCopy is not implemented by Cutover\'s bundle store.');
  const body = objectBody(call.req, call.identity.payload, MAX_OBJECT_BYTES);
  const blob = await ctx.blobs.write(body.source, body.steps);
  const eTag = `"${body.digest.md5.toString('hex')}"`;
  const stored = await ctx.objects.putPart(upload.uploadId, { partNumber, blobId: blob.blobId, size: blob.size, eTag })
    .catch(async (err) => {
      await ctx.blobs.remove(blob.blobId);
      throw err;
    });
  await removeBlobs(ctx, stored.staleBlobIds);
  if (stored.result === 'missing') throw noSuchUpload(upload.uploadId);
  sendEmpty(call.res, 200, { etag: eTag });
};

/**
 * CompleteMultipartUpload: checks the listed parts (ascending, uploaded, ETags matching, all but
 * the last at least the minimum size), streams them in order into the object's blob, and commits
 * the object with S3's multipart ETag: the MD5 of the parts' binary MD5s, a dash, the count.
 */
export const completeMultipartUpload: S3OperationHandler = async (call, ctx) => {
  const upload = await requireUpload(call, ctx);
  const listed = listedParts(await smallBody(call.req, call.identity.payload, MAX_XML_BYTES));
  const parts = chosenParts(listed, await ctx.objects.listParts(upload.uploadId), ctx.minPartBytes);
  const blob = await ctx.blobs.concat(parts.map((p) => p.blobId));
  const eTag = multipartETag(parts.map((p) => p.eTag));
  const done = await ctx.objects.completeUpload(upload.uploadId, {
    bucket: upload.bucket, key: upload.key, blobId: blob.blobId, size: blob.size, eTag, contentType: upload.contentType, metadata: upload.metadata,
  }).catch(async (err) => {
    await ctx.blobs.remove(blob.blobId);
    throw err;
  });
  await removeBlobs(ctx, done.staleBlobIds);
  if (done.result === 'missing') throw noSuchUpload(upload.uploadId);
  const location = `http://${headerOf(call, 'host') ?? 'localhost'}/${encodeURIComponent(upload.bucket)}/${upload.key.split('/').map(encodeURIComponent).join('/')}`;
  sendXml(call.res, 200, document('CompleteMultipartUploadResult', [['Location', location], ['Bucket', upload.bucket], ['Key', upload.key], ['ETag', eTag]]));
};

/** AbortMultipartUpload: the upload and its part files are gone; 204. */
export const abortMultipartUpload: S3OperationHandler = async (call, ctx) => {
  const upload = await requireUpload(call, ctx);
  const aborted = await ctx.objects.abortUpload(upload.uploadId);
  await removeBlobs(ctx, aborted.staleBlobIds);
  if (aborted.result === 'missing') throw noSuchUpload(upload.uploadId);
  sendEmpty(call.res, 204);
};

/** S3's multipart ETag for parts with these (quoted) ETags. */
export function multipartETag(partETags: string[]): string {
  const md5 = createHash('md5');
  for (const eTag of partETags) md5.update(Buffer.from(eTag.replace(/"/g, ''), 'hex'));
  return `"${md5.digest('hex')}-${partETags.length}"`;
}

async function requireUpload(call: S3Call, ctx: S3Context): Promise<BundleUpload> {
  const uploadId = call.query.get('uploadId') ?? '';
  const upload = await ctx.objects.getUpload(uploadId);
  if (!upload || upload.bucket !== call.target.bucket || upload.key !== keyOf(call)) {
    await requireBucket(call, ctx);
    throw noSuchUpload(uploadId);
  }
  return upload;
}

function noSuchUpload(uploadId: string): S3Error {
  return new S3Error('NoSuchUpload', 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.', { UploadId: uploadId });
}

function partNumberOf(value: string | null): number {
  const n = Number(value);
  if (!value || !/^\d+$/.test(value) || n < 1 || n > MAX_PART_NUMBER) {
    throw new S3Error('InvalidArgument', `Part number must be an integer between 1 and ${MAX_PART_NUMBER}, inclusive`);
  }
  return n;
}

function listedParts(xml: string): { partNumber: number; eTag: string }[] {
  if (!/<CompleteMultipartUpload[\s>]/.test(xml)) throw malformedXml();
  const parts = textsOf(xml, 'Part').map((part) => {
    const [number] = textsOf(part, 'PartNumber');
    const [eTag] = textsOf(part, 'ETag');
    if (number === undefined || eTag === undefined || !/^\d+$/.test(number.trim())) throw malformedXml();
    return { partNumber: Number(number.trim()), eTag: eTag.trim() };
  });
  if (parts.length === 0) throw malformedXml();
  return parts;
}

function malformedXml(): S3Error {
  return new S3Error('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema.');
}

function chosenParts(listed: { partNumber: number; eTag: string }[], uploaded: BundlePart[], minPartBytes: number): BundlePart[] {
  if (listed.some((want, i) => i > 0 && want.partNumber <= listed[i - 1]!.partNumber)) {
    throw new S3Error('InvalidPartOrder', 'The list of parts was not in ascending order. Parts must be ordered by part number.');
  }
  const byNumber = new Map(uploaded.map((p) => [p.partNumber, p]));
  const parts = listed.map((want) => {
    const part = byNumber.get(want.partNumber);
    if (!part || part.eTag.replace(/"/g, '') !== want.eTag.replace(/"/g, '')) {
      throw new S3Error('InvalidPart', 'One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part\'s entity tag.',
        { PartNumber: String(want.partNumber), ETag: want.eTag });
    }
    return part;
  });
  const small = parts.slice(0, -1).find((part) => part.size < minPartBytes);
  if (small) {
    throw new S3Error('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed object size.',
      { PartNumber: String(small.partNumber), ProposedSize: String(small.size), MinSizeAllowed: String(minPartBytes) });
  }
  return parts;
}
