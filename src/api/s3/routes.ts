import type { Role } from '../../core/roles.ts';
import { S3Error } from './s3-error.ts';

/** The S3 operations the embedded bundle store serves. */
export type S3Operation =
  | 'ListBuckets' | 'CreateBucket' | 'HeadBucket' | 'DeleteBucket' | 'ListObjectsV2' | 'GetBucketLocation'
  | 'PutObject' | 'GetObject' | 'HeadObject' | 'DeleteObject'
  | 'CreateMultipartUpload' | 'UploadPart' | 'CompleteMultipartUpload' | 'AbortMultipartUpload';

/** The bucket and key a path-style request addresses (`/<bucket>/<key>`), decoded. */
export interface S3Target {
  bucket?: string;
  key?: string;
}

const WRITES = new Set<S3Operation>([
  'CreateBucket', 'DeleteBucket', 'PutObject', 'DeleteObject', 'CreateMultipartUpload', 'UploadPart', 'CompleteMultipartUpload', 'AbortMultipartUpload',
]);

/** Returns true when `role` may call the S3 operation: admin and deployer write, everyone reads. */
export function mayCallS3(role: Role, operation: S3Operation): boolean {
  return !WRITES.has(operation) || role === 'admin' || role === 'deployer';
}

/** Splits a path-style path into bucket and key, each percent-decoded once. */
export function targetOf(pathname: string): S3Target {
  const rest = pathname.replace(/^\/+/, '');
  if (!rest) return {};
  const slash = rest.indexOf('/');
  const bucket = decode(slash === -1 ? rest : rest.slice(0, slash));
  const key = slash === -1 || slash === rest.length - 1 ? undefined : decode(rest.slice(slash + 1));
  return { bucket, ...(key !== undefined ? { key } : {}) };
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new S3Error('InvalidArgument', 'The request path is not valid percent-encoding.');
  }
}

/** Picks the operation from the method, whether a bucket and key are addressed, and sub-resources. */
export function routeOf(method: string, target: S3Target, query: URLSearchParams): S3Operation {
  if (!target.bucket) {
    if (method === 'GET') return 'ListBuckets';
    throw notAllowed(method);
  }
  return target.key === undefined ? bucketRoute(method, query) : objectRoute(method, query);
}

function bucketRoute(method: string, query: URLSearchParams): S3Operation {
  const sub = subresource(query, ['location', 'list-type']);
  if (method === 'GET' && sub === 'location') return 'GetBucketLocation';
  if (method === 'GET' && (sub === 'list-type' || sub === undefined)) {
    if (query.get('list-type') !== '2') throw new S3Error('NotImplemented', 'Only ListObjectsV2 (list-type=2) is implemented.');
    return 'ListObjectsV2';
  }
  if (sub !== undefined && sub !== 'list-type') throw notImplemented(sub);
  switch (method) {
    case 'PUT': return 'CreateBucket';
    case 'HEAD': return 'HeadBucket';
    case 'DELETE': return 'DeleteBucket';
    default: throw notAllowed(method);
  }
}

function objectRoute(method: string, query: URLSearchParams): S3Operation {
  const sub = subresource(query, ['uploads', 'uploadId']);
  if (sub !== undefined && sub !== 'uploads' && sub !== 'uploadId') throw notImplemented(sub);
  if (method === 'POST' && sub === 'uploads') return 'CreateMultipartUpload';
  if (method === 'POST' && sub === 'uploadId') return 'CompleteMultipartUpload';
  if (method === 'PUT' && sub === 'uploadId') return 'UploadPart';
  if (method === 'DELETE' && sub === 'uploadId') return 'AbortMultipartUpload';
  if (sub !== undefined) throw notImplemented(sub);
  switch (method) {
    case 'PUT': return 'PutObject';
    case 'GET': return 'GetObject';
    case 'HEAD': return 'HeadObject';
    case 'DELETE': return 'DeleteObject';
    default: throw notAllowed(method);
  }
}

/** S3 sub-resources this store does not serve; parameters such as prefix or partNumber are not. */
const UNSUPPORTED = ['acl', 'tagging', 'versioning', 'versions', 'policy', 'cors', 'lifecycle', 'website', 'logging', 'delete',
  'notification', 'replication', 'encryption', 'object-lock', 'retention', 'legal-hold', 'restore', 'select', 'torrent', 'uploads',
  'accelerate', 'analytics', 'inventory', 'metrics', 'ownershipControls', 'publicAccessBlock', 'requestPayment', 'attributes'];

function subresource(query: URLSearchParams, known: string[]): string | undefined {
  for (const name of known) if (query.has(name)) return name;
  return UNSUPPORTED.find((name) => query.has(name));
}

function notImplemented(sub: string): S3Error {
  return new S3Error('NotImplemented', `The '${sub}' sub-resource is not implemented by Cutover's bundle store.`);
}

function notAllowed(method: string): S3Error {
  return new S3Error('MethodNotAllowed', `The specified method ${method} is not allowed against this resource.`);
}
