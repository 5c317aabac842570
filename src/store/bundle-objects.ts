import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../core/clock.ts';
import type { Database } from './schema.ts';

/** An object of the embedded bundle store, as S3 describes it. */
export interface BundleObject {
  bucket: string;
  key: string;
  blobId: string;
  size: number;
  /** Quoted, as S3 sends it: `"<md5>"` or `"<md5>-<parts>"`. */
  eTag: string;
  contentType: string;
  /** User metadata (`x-amz-meta-*`), names lower-case without the prefix. */
  metadata: Record<string, string>;
  lastModified: Date;
}

/** A multipart upload in progress. */
export interface BundleUpload {
  uploadId: string;
  bucket: string;
  key: string;
  contentType: string;
  metadata: Record<string, string>;
  createTime: Date;
}

/** One uploaded part. */
export interface BundlePart {
  partNumber: number;
  blobId: string;
  size: number;
  eTag: string;
}

/** What a write replaced: blobs nobody refers to any more, for the caller to delete. */
export interface Replaced {
  staleBlobIds: string[];
}

type Tx = Transaction<Database> | Kysely<Database>;

/** Hex of a key's UTF-8 bytes: sorts as S3 sorts keys, under any collation. */
export function keyOrder(key: string): string {
  return Buffer.from(key, 'utf8').toString('hex');
}

/** Greater than the order of every key that starts with `prefix`, and less than any other later key. */
export function afterPrefixOrder(prefix: string): string {
  return `${keyOrder(prefix)}g`;
}

const IN_CHUNK = 500;

/**
 * BundleObjectStore keeps the metadata of the embedded bundle store: buckets, objects, and
 * multipart uploads with their parts. Bytes are in store/blobs; rows name blobs by id. Every
 * replacement returns the blob ids it made stale, deleted by the caller after the commit.
 */
export class BundleObjectStore {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;

  constructor(options: { db: Kysely<Database>; clock: Clock }) {
    this.#db = options.db;
    this.#clock = options.clock;
  }

  /** Creates a bucket; `exists` when it already does (also when two creates race). */
  async createBucket(bucket: string): Promise<'created' | 'exists'> {
    const result = await this.#db.insertInto('bundle_buckets').values({ bucket_name: bucket, create_time: this.#clock.now() })
      .onConflict((oc) => oc.column('bucket_name').doNothing()).executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0 ? 'created' : 'exists';
  }

  /** Returns true when the bucket exists. */
  async hasBucket(bucket: string): Promise<boolean> {
    return !!(await this.#db.selectFrom('bundle_buckets').select('bucket_name').where('bucket_name', '=', bucket).executeTakeFirst());
  }

  /** Every bucket, by name. */
  async listBuckets(): Promise<{ bucket: string; createTime: Date }[]> {
    const rows = await this.#db.selectFrom('bundle_buckets').selectAll().orderBy('bucket_name').execute();
    return rows.map((r) => ({ bucket: r.bucket_name, createTime: new Date(r.create_time) }));
  }

  /** Deletes an empty bucket and any abandoned uploads into it. */
  async deleteBucket(bucket: string): Promise<'deleted' | 'missing' | 'not-empty'> {
    return this.#db.transaction().execute(async (tx) => {
      if (!(await tx.selectFrom('bundle_buckets').select('bucket_name').where('bucket_name', '=', bucket).executeTakeFirst())) return 'missing';
      if (await tx.selectFrom('bundle_objects').select('object_key').where('bucket_name', '=', bucket).limit(1).executeTakeFirst()) return 'not-empty';
      await tx.deleteFrom('bundle_buckets').where('bucket_name', '=', bucket).execute();
      return 'deleted';
    });
  }

  /** The object, or undefined. */
  async getObject(bucket: string, key: string): Promise<BundleObject | undefined> {
    const row = await this.#db.selectFrom('bundle_objects').selectAll()
      .where('bucket_name', '=', bucket).where('object_key', '=', key).executeTakeFirst();
    return row && objectOf(row);
  }

  /** Creates or replaces an object whose blob is already written. */
  async putObject(object: Omit<BundleObject, 'lastModified'>): Promise<Replaced & { lastModified: Date }> {
    const lastModified = this.#clock.now();
    const staleBlobIds = await this.#db.transaction().execute((tx) => upsertObject(tx, object, lastModified));
    return { staleBlobIds, lastModified: new Date(lastModified) };
  }

  /** Deletes an object; returns its blob, if there was one. */
  async deleteObject(bucket: string, key: string): Promise<Replaced> {
    const rows = await this.#db.deleteFrom('bundle_objects').where('bucket_name', '=', bucket).where('object_key', '=', key)
      .returning('blob_id').execute();
    return { staleBlobIds: rows.map((r) => r.blob_id) };
  }

  /**
   * Objects of a bucket in key order: those whose key starts with `prefix` and whose order
   * (see {@link keyOrder}) is after `afterOrder`, at most `limit`.
   */
  async listObjects(options: { bucket: string; prefix: string; afterOrder?: string; limit: number }): Promise<BundleObject[]> {
    let query = this.#db.selectFrom('bundle_objects').selectAll().where('bucket_name', '=', options.bucket);
    if (options.prefix) {
      query = query.where('key_order', '>=', keyOrder(options.prefix)).where('key_order', '<', afterPrefixOrder(options.prefix));
    }
    if (options.afterOrder !== undefined) query = query.where('key_order', '>', options.afterOrder);
    const rows = await query.orderBy('key_order').limit(options.limit).execute();
    return rows.map(objectOf);
  }

  /** Starts a multipart upload. */
  async createUpload(upload: Omit<BundleUpload, 'createTime'>): Promise<void> {
    await this.#db.insertInto('bundle_uploads').values({
      upload_id: upload.uploadId, bucket_name: upload.bucket, object_key: upload.key, content_type: upload.contentType,
      metadata: JSON.stringify(upload.metadata), create_time: this.#clock.now(),
    }).execute();
  }

  /** The upload, or undefined when it never existed, was completed or was aborted. */
  async getUpload(uploadId: string): Promise<BundleUpload | undefined> {
    const row = await this.#db.selectFrom('bundle_uploads').selectAll().where('upload_id', '=', uploadId).executeTakeFirst();
    return row && {
      uploadId: row.upload_id, bucket: row.bucket_name, key: row.object_key, contentType: row.content_type,
      metadata: JSON.parse(row.metadata) as Record<string, string>, createTime: new Date(row.create_time),
    };
  }

  /**
   * Records a written part, replacing an earlier one of the same number. Returns `missing` (and
   * the new blob as stale) when the upload ended meanwhile.
   */
  async putPart(uploadId: string, part: BundlePart): Promise<Replaced & { result: 'stored' | 'missing' }> {
    return this.#db.transaction().execute(async (tx) => {
      if (!(await tx.selectFrom('bundle_uploads').select('upload_id').where('upload_id', '=', uploadId).executeTakeFirst())) {
        return { result: 'missing' as const, staleBlobIds: [part.blobId] };
      }
      const old = await tx.deleteFrom('bundle_parts').where('upload_id', '=', uploadId).where('part_number', '=', part.partNumber)
        .returning('blob_id').execute();
      await tx.insertInto('bundle_parts').values({
        upload_id: uploadId, part_number: part.partNumber, blob_id: part.blobId, size: part.size, etag: part.eTag, last_modified: this.#clock.now(),
      }).execute();
      return { result: 'stored' as const, staleBlobIds: old.map((r) => r.blob_id) };
    });
  }

  /** The parts uploaded so far, by part number. */
  async listParts(uploadId: string): Promise<BundlePart[]> {
    const rows = await this.#db.selectFrom('bundle_parts').selectAll().where('upload_id', '=', uploadId).orderBy('part_number').execute();
    return rows.map((r) => ({ partNumber: r.part_number, blobId: r.blob_id, size: r.size, eTag: r.etag }));
  }

  /** Ends an upload without an object; returns its parts' blobs. `missing` when it had already ended. */
  async abortUpload(uploadId: string): Promise<Replaced & { result: 'aborted' | 'missing' }> {
    return this.#db.transaction().execute(async (tx) => {
      const gone = await tx.deleteFrom('bundle_uploads').where('upload_id', '=', uploadId).executeTakeFirst();
      const parts = await tx.deleteFrom('bundle_parts').where('upload_id', '=', uploadId).returning('blob_id').execute();
      return { result: Number(gone.numDeletedRows) > 0 ? 'aborted' as const : 'missing' as const, staleBlobIds: parts.map((p) => p.blob_id) };
    });
  }

  /**
   * Ends an upload with its object, whose blob (the parts concatenated) is already written. The
   * upload, its parts and any object it replaces go in the same transaction. `missing` (with the
   * new blob stale) when the upload was completed or aborted meanwhile.
   */
  async completeUpload(uploadId: string, object: Omit<BundleObject, 'lastModified'>): Promise<Replaced & { result: 'completed' | 'missing'; lastModified: Date }> {
    const lastModified = this.#clock.now();
    return this.#db.transaction().execute(async (tx) => {
      const gone = await tx.deleteFrom('bundle_uploads').where('upload_id', '=', uploadId).executeTakeFirst();
      if (Number(gone.numDeletedRows) === 0) return { result: 'missing' as const, staleBlobIds: [object.blobId], lastModified: new Date(lastModified) };
      const parts = await tx.deleteFrom('bundle_parts').where('upload_id', '=', uploadId).returning('blob_id').execute();
      const replaced = await upsertObject(tx, object, lastModified);
      return { result: 'completed' as const, staleBlobIds: [...replaced, ...parts.map((p) => p.blob_id)], lastModified: new Date(lastModified) };
    });
  }

  /** Which of `blobIds` a row refers to (start-up sweep of unreferenced files). */
  async referencedBlobs(blobIds: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < blobIds.length; i += IN_CHUNK) {
      const chunk = blobIds.slice(i, i + IN_CHUNK);
      const objects = await this.#db.selectFrom('bundle_objects').select('blob_id').where('blob_id', 'in', chunk).execute();
      const parts = await this.#db.selectFrom('bundle_parts').select('blob_id').where('blob_id', 'in', chunk).execute();
      for (const r of [...objects, ...parts]) found.add(r.blob_id);
    }
    return found;
  }
}

async function upsertObject(tx: Tx, object: Omit<BundleObject, 'lastModified'>, lastModified: number): Promise<string[]> {
  const old = await tx.deleteFrom('bundle_objects').where('bucket_name', '=', object.bucket).where('object_key', '=', object.key)
    .returning('blob_id').execute();
  await tx.insertInto('bundle_objects').values({
    bucket_name: object.bucket, object_key: object.key, key_order: keyOrder(object.key), blob_id: object.blobId, size: object.size,
    etag: object.eTag, content_type: object.contentType, metadata: JSON.stringify(object.metadata), last_modified: lastModified,
  }).execute();
  return old.map((r) => r.blob_id);
}

function objectOf(row: Database['bundle_objects']): BundleObject {
  return {
    bucket: row.bucket_name, key: row.object_key, blobId: row.blob_id, size: row.size, eTag: row.etag,
    contentType: row.content_type, metadata: JSON.parse(row.metadata) as Record<string, string>, lastModified: new Date(row.last_modified),
  };
}
