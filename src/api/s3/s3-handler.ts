import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Clock } from '../../core/clock.ts';
import type { AccessKeyStore } from '../../store/access-keys.ts';
import type { BlobDir } from '../../store/blobs/blob-dir.ts';
import type { BundleObjectStore } from '../../store/bundle-objects.ts';
import { createBucket, deleteBucket, getBucketLocation, headBucket, listBuckets } from './bucket-operations.ts';
import { listObjectsV2 } from './list-objects.ts';
import { abortMultipartUpload, completeMultipartUpload, createMultipartUpload, uploadPart } from './multipart-operations.ts';
import { deleteObject, getObject, headObject, NotModified, putObject } from './object-operations.ts';
import { sendEmpty, sendError } from './respond.ts';
import { authenticateS3 } from './s3-auth.ts';
import { MIN_PART_BYTES, type S3Context, type S3OperationHandler } from './s3-context.ts';
import { S3Error } from './s3-error.ts';
import { mayCallS3, routeOf, targetOf, type S3Operation } from './routes.ts';

const OPERATIONS: Record<S3Operation, S3OperationHandler> = {
  ListBuckets: listBuckets, CreateBucket: createBucket, HeadBucket: headBucket, DeleteBucket: deleteBucket,
  GetBucketLocation: getBucketLocation, ListObjectsV2: listObjectsV2,
  PutObject: putObject, GetObject: getObject, HeadObject: headObject, DeleteObject: deleteObject,
  CreateMultipartUpload: createMultipartUpload, UploadPart: uploadPart,
  CompleteMultipartUpload: completeMultipartUpload, AbortMultipartUpload: abortMultipartUpload,
};

/** What the embedded bundle store needs. */
export interface S3HandlerOptions {
  objects: BundleObjectStore;
  blobs: BlobDir;
  keys: AccessKeyStore;
  clock: Clock;
  log: Logger;
  /** Smallest multipart part except the last; default 5 MiB as S3. */
  minPartBytes?: number;
}

/** Answers one HTTP request on the S3 side of the port. */
export type S3RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/**
 * Creates the S3-compatible front of the embedded bundle store (path-style, docs/bundle-store.md):
 * authenticates with SigV4 (signing name `s3`), checks the caller's role, routes by method, path
 * and sub-resource, and lets the operation stream its answer. Errors become S3's XML errors.
 */
export function createS3Handler(options: S3HandlerOptions): S3RequestHandler {
  const ctx: S3Context = { objects: options.objects, blobs: options.blobs, clock: options.clock, log: options.log, minPartBytes: options.minPartBytes ?? MIN_PART_BYTES };
  return async function handleS3(req, res) {
    const requestId = randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase();
    res.setHeader('x-amz-request-id', requestId);
    res.setHeader('x-amz-id-2', randomBytes(24).toString('base64'));
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      const target = targetOf(url.pathname);
      const query = new URLSearchParams(url.search);
      const identity = await authenticateS3({ method: req.method ?? 'GET', path: url.pathname, query: url.search.slice(1), headers: req.headers }, { keys: options.keys, clock: options.clock });
      const operation = routeOf(req.method ?? 'GET', target, query);
      if (!mayCallS3(identity.role, operation)) throw new S3Error('AccessDenied', `Access Denied: a ${identity.role} key may not call ${operation}.`);
      await OPERATIONS[operation]({ req, res, target, query, identity, requestId }, ctx);
      if (operation !== 'GetObject' && operation !== 'HeadObject' && operation !== 'ListObjectsV2' && operation !== 'ListBuckets') {
        options.log.info({ audit: true, operation: `s3:${operation}`, accessKeyId: identity.accessKeyId, status: res.statusCode }, 'bundle store call');
      }
    } catch (error) {
      if (req.destroyed && !req.complete) {
        // The client went away mid-body; the write was undone and there is no one to answer.
        options.log.debug({ err: error, requestId }, 'bundle store request abandoned by the client');
        return;
      }
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof NotModified) {
        sendEmpty(res, 304, { etag: error.eTag });
        return;
      }
      await sendError(req, res, error, { log: options.log, requestId, resource: url.pathname });
    }
  };
}
