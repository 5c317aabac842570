import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Clock } from '../../core/clock.ts';
import type { BlobDir } from '../../store/blobs/blob-dir.ts';
import type { BundleObjectStore } from '../../store/bundle-objects.ts';
import type { S3Identity } from './s3-auth.ts';
import type { S3Target } from './routes.ts';

/** Largest object (and part) accepted, as S3's single-PUT limit: 5 GiB. */
export const MAX_OBJECT_BYTES = 5 * 1024 ** 3;
/** Smallest part of a multipart upload, except the last: 5 MiB. */
export const MIN_PART_BYTES = 5 * 1024 ** 2;
/** Highest part number. */
export const MAX_PART_NUMBER = 10_000;
/** Longest key, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024;
/** Largest XML request body read (CompleteMultipartUpload lists up to 10,000 parts). */
export const MAX_XML_BYTES = 2 * 1024 * 1024;

/** What every S3 operation works with: the metadata repository and the blob directory. */
export interface S3Context {
  objects: BundleObjectStore;
  blobs: BlobDir;
  clock: Clock;
  log: Logger;
  /** Smallest part except the last ({@link MIN_PART_BYTES}; tests may lower it). */
  minPartBytes: number;
}

/** One authenticated S3 request. */
export interface S3Call {
  req: IncomingMessage;
  res: ServerResponse;
  target: S3Target;
  query: URLSearchParams;
  identity: S3Identity;
  requestId: string;
}

/** An S3 operation: answers the request itself (bodies are streamed both ways). */
export type S3OperationHandler = (call: S3Call, ctx: S3Context) => Promise<void>;

/** The bucket of a call that addresses one (the router guarantees it). */
export function bucketOf(call: S3Call): string {
  return call.target.bucket!;
}

/** The key of a call that addresses an object (the router guarantees it). */
export function keyOf(call: S3Call): string {
  return call.target.key!;
}

/** One header's value. */
export function headerOf(call: S3Call, name: string): string | undefined {
  const v = call.req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Deletes blobs no row refers to any more; a failure only leaves garbage, swept at the next start. */
export async function removeBlobs(ctx: S3Context, blobIds: string[]): Promise<void> {
  await Promise.all(blobIds.map((id) => ctx.blobs.remove(id).catch((err) => ctx.log.warn({ err, blobId: id }, 'could not delete a stale blob'))));
}
