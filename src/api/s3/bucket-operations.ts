import { S3Error } from './s3-error.ts';
import { bucketOf, MAX_XML_BYTES, type S3Call, type S3Context, type S3OperationHandler } from './s3-context.ts';
import { sendEmpty, sendXml } from './respond.ts';
import { smallBody } from './request-body.ts';
import { document } from './xml.ts';

/** S3's bucket naming rules: 3–63 lower-case letters, digits, dots and hyphens, starting and ending alphanumeric. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Throws NoSuchBucket unless the call's bucket exists. */
export async function requireBucket(call: S3Call, ctx: S3Context): Promise<string> {
  const bucket = bucketOf(call);
  if (!(await ctx.objects.hasBucket(bucket))) throw new S3Error('NoSuchBucket', 'The specified bucket does not exist', { BucketName: bucket });
  return bucket;
}

/** CreateBucket: the body (a location constraint) is read and ignored; there is one region. */
export const createBucket: S3OperationHandler = async (call, ctx) => {
  const bucket = bucketOf(call);
  if (!BUCKET_NAME.test(bucket) || bucket.includes('..')) throw new S3Error('InvalidBucketName', 'The specified bucket is not valid.', { BucketName: bucket });
  await smallBody(call.req, call.identity.payload, MAX_XML_BYTES);
  if ((await ctx.objects.createBucket(bucket)) === 'exists') {
    throw new S3Error('BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.', { BucketName: bucket });
  }
  sendEmpty(call.res, 200, { location: `/${bucket}` });
};

/** HeadBucket. */
export const headBucket: S3OperationHandler = async (call, ctx) => {
  await requireBucket(call, ctx);
  sendEmpty(call.res, 200, { 'x-amz-bucket-region': 'us-east-1' });
};

/** DeleteBucket: only an empty one. */
export const deleteBucket: S3OperationHandler = async (call, ctx) => {
  const bucket = bucketOf(call);
  const result = await ctx.objects.deleteBucket(bucket);
  if (result === 'missing') throw new S3Error('NoSuchBucket', 'The specified bucket does not exist', { BucketName: bucket });
  if (result === 'not-empty') throw new S3Error('BucketNotEmpty', 'The bucket you tried to delete is not empty', { BucketName: bucket });
  sendEmpty(call.res, 204);
};

/** ListBuckets. */
export const listBuckets: S3OperationHandler = async (call, ctx) => {
  const buckets = await ctx.objects.listBuckets();
  sendXml(call.res, 200, document('ListAllMyBucketsResult', [
    ['Owner', [['ID', call.identity.accessKeyId], ['DisplayName', call.identity.accessKeyId]]],
    ['Buckets', buckets.map((b) => ['Bucket', [['Name', b.bucket], ['CreationDate', b.createTime.toISOString()]]])],
  ]));
};

/** GetBucketLocation: an empty constraint, which clients read as us-east-1. */
export const getBucketLocation: S3OperationHandler = async (call, ctx) => {
  await requireBucket(call, ctx);
  sendXml(call.res, 200, document('LocationConstraint', []));
};
