import { CreateBucketCommand, HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { Connection } from '../client/connection.ts';
import { s3ClientFor } from '../client/s3-client.ts';
import type { BundleZip } from './bundle-zip.ts';
import { CliError } from './output/errors.ts';
import { ProgressBar } from './output/progress-bar.ts';

/** Multipart part size and parallel parts: at most about 4 × 8 MB of the bundle in memory. */
const PART_SIZE = 8 * 1024 * 1024;
const QUEUE_SIZE = 4;

async function ensureBucket(s3: S3Client, bucket: string): Promise<void> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status !== 404) throw error;
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  }
}

/** Where and what `cutover push` uploads. */
export interface BundleUpload {
  connection: Connection;
  /** The S3-compatible store; the Cutover server's own when undefined. */
  s3Endpoint?: string;
  target: { bucket: string; key: string };
  bundle: BundleZip;
  showProgress: boolean;
  /** Create the bucket when it does not exist yet. */
  createBucket: boolean;
}

/**
 * Uploads a streamed bundle with the SDK's multipart uploader: one PutObject when small, parts of
 * PART_SIZE, QUEUE_SIZE at a time, when big. Returns the ETag (unquoted), version and size.
 */
export async function uploadBundle(o: BundleUpload): Promise<{ eTag?: string; version?: string; bytes: number }> {
  const s3 = s3ClientFor(o.connection, o.s3Endpoint);
  try {
    if (o.createBucket) await ensureBucket(s3, o.target.bucket);
    return await upload(s3, o.target, o.bundle, o.showProgress);
  } catch (error) {
    throw unreachableStore(error, o.s3Endpoint);
  }
}

// A separate store that cannot be reached is named as such; the server's own store is the
// server, which describeError already reports.
function unreachableStore(error: unknown, s3Endpoint: string | undefined): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (!s3Endpoint || (code !== 'ECONNREFUSED' && code !== 'ENOTFOUND')) return error;
  return new CliError(`cannot reach the bundle store at ${s3Endpoint} (${(error as Error).message}); check --s3-endpoint-url or AWS_ENDPOINT_URL_S3`);
}

async function upload(s3: S3Client, target: { bucket: string; key: string }, bundle: BundleZip, showProgress: boolean): Promise<{ eTag?: string; version?: string; bytes: number }> {
  const bar = new ProgressBar({ enabled: showProgress && Boolean(process.stderr.isTTY) });
  const transfer = new Upload({
    client: s3, params: { Bucket: target.bucket, Key: target.key, Body: bundle.stream, ContentType: 'application/zip' },
    partSize: PART_SIZE, queueSize: QUEUE_SIZE, leavePartsOnError: false,
  });
  let bytes = 0;
  transfer.on('httpUploadProgress', (p) => {
    bytes = Math.max(bytes, p.loaded ?? 0);
    bar.update(bundle.readBytes(), bundle.contentBytes, bytes);
  });
  try {
    const result = await transfer.done();
    return { eTag: result.ETag?.replace(/"/g, ''), version: result.VersionId, bytes };
  } finally {
    bar.clear();
  }
}
