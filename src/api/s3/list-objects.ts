import { afterPrefixOrder, keyOrder, type BundleObject } from '../../store/bundle-objects.ts';
import { requireBucket } from './bucket-operations.ts';
import { sendXml } from './respond.ts';
import { S3Error } from './s3-error.ts';
import type { S3Context, S3OperationHandler } from './s3-context.ts';
import { document, type XmlNode } from './xml.ts';

/** Most keys one ListObjectsV2 page returns (and the default). */
export const MAX_LIST_KEYS = 1000;

/** What one listing pass found. */
interface Listing {
  contents: BundleObject[];
  commonPrefixes: string[];
  /** Set when more follow: the order to continue after. */
  nextAfter?: string;
}

/**
 * ListObjectsV2: keys in binary order, with prefix, delimiter (rolled up into CommonPrefixes,
 * which count towards max-keys), start-after and continuation tokens, and `encoding-type=url`.
 * A run of keys under one common prefix costs one query, not one row each: the next query
 * starts after the whole prefix.
 */
export const listObjectsV2: S3OperationHandler = async (call, ctx) => {
  const bucket = await requireBucket(call, ctx);
  const q = call.query;
  const prefix = q.get('prefix') ?? '';
  const delimiter = q.get('delimiter') ?? '';
  const maxKeys = maxKeysOf(q.get('max-keys'));
  const token = q.get('continuation-token') ?? undefined;
  const startAfter = q.get('start-after') ?? undefined;
  const after = token !== undefined ? decodeToken(token) : startAfter ? keyOrder(startAfter) : undefined;
  const listing = await list(ctx, { bucket, prefix, delimiter, maxKeys, ...(after !== undefined ? { after } : {}) });
  const encode = q.get('encoding-type') === 'url' ? (s: string) => encodeURIComponent(s).replace(/%2F/g, '/') : (s: string) => s;
  const children: XmlNode[] = [
    ['Name', bucket], ['Prefix', encode(prefix)], ['KeyCount', listing.contents.length + listing.commonPrefixes.length], ['MaxKeys', maxKeys],
    ['Delimiter', delimiter ? encode(delimiter) : undefined], ['IsTruncated', listing.nextAfter !== undefined],
    ['ContinuationToken', token], ['NextContinuationToken', listing.nextAfter !== undefined ? encodeToken(listing.nextAfter) : undefined],
    ['StartAfter', startAfter !== undefined ? encode(startAfter) : undefined], ['EncodingType', q.get('encoding-type') === 'url' ? 'url' : undefined],
    ...listing.contents.map((o): XmlNode => ['Contents', [
      ['Key', encode(o.key)], ['LastModified', o.lastModified.toISOString()], ['ETag', o.eTag], ['Size', o.size], ['StorageClass', 'STANDARD'],
    ]]),
    ...listing.commonPrefixes.map((p): XmlNode => ['CommonPrefixes', [['Prefix', encode(p)]]]),
  ];
  sendXml(call.res, 200, document('ListBucketResult', children));
};

async function list(ctx: S3Context, o: { bucket: string; prefix: string; delimiter: string; maxKeys: number; after?: string }): Promise<Listing> {
  const listing: Listing = { contents: [], commonPrefixes: [] };
  let after = o.after;
  const count = () => listing.contents.length + listing.commonPrefixes.length;
  for (;;) {
    const limit = o.maxKeys - count() + 1;
    const rows = await ctx.objects.listObjects({ bucket: o.bucket, prefix: o.prefix, limit, ...(after !== undefined ? { afterOrder: after } : {}) });
    let jumped = false;
    for (const row of rows) {
      if (count() === o.maxKeys) return { ...listing, ...(after !== undefined ? { nextAfter: after } : {}) };
      const common = commonPrefixOf(row.key, o.prefix, o.delimiter);
      if (common !== undefined) {
        listing.commonPrefixes.push(common);
        after = afterPrefixOrder(common);
        jumped = true;
        break;
      }
      listing.contents.push(row);
      after = keyOrder(row.key);
    }
    if (!jumped && rows.length < limit) return listing;
  }
}

function commonPrefixOf(key: string, prefix: string, delimiter: string): string | undefined {
  if (!delimiter) return undefined;
  const at = key.indexOf(delimiter, prefix.length);
  return at === -1 ? undefined : key.slice(0, at + delimiter.length);
}

function maxKeysOf(value: string | null): number {
  if (value === null) return MAX_LIST_KEYS;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new S3Error('InvalidArgument', 'max-keys must be a non-negative integer.');
  return Math.min(n, MAX_LIST_KEYS);
}

function encodeToken(order: string): string {
  return Buffer.from(`v1:${order}`).toString('base64url');
}

function decodeToken(token: string): string {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  if (!/^v1:[0-9a-g]*$/.test(text)) throw new S3Error('InvalidArgument', 'The continuation token provided is incorrect');
  return text.slice(3);
}
