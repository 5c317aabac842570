import type { Kysely } from 'kysely';

/**
 * Adds the embedded bundle store's metadata: buckets, objects, and multipart uploads with their
 * parts. The bytes live in files under the bundle directory (store/blobs/); a row here is what
 * makes an object exist, so a file without a row is garbage and a row is written only after its
 * file is complete. `key_order` is the key's UTF-8 bytes in hex: it sorts as S3 lists keys
 * (binary order) under any database collation.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('bundle_buckets')
    .addColumn('bucket_name', 'text', (c) => c.primaryKey())
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createTable('bundle_objects')
    .addColumn('bucket_name', 'text', (c) => c.notNull())
    .addColumn('object_key', 'text', (c) => c.notNull())
    .addColumn('key_order', 'text', (c) => c.notNull())
    .addColumn('blob_id', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('etag', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('last_modified', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('bundle_objects_pk', ['bucket_name', 'object_key'])
    .execute();
  await db.schema.createIndex('bundle_objects_by_order').on('bundle_objects').columns(['bucket_name', 'key_order']).execute();
  await db.schema.createTable('bundle_uploads')
    .addColumn('upload_id', 'text', (c) => c.primaryKey())
    .addColumn('bucket_name', 'text', (c) => c.notNull())
    .addColumn('object_key', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createTable('bundle_parts')
    .addColumn('upload_id', 'text', (c) => c.notNull())
    .addColumn('part_number', 'integer', (c) => c.notNull())
    .addColumn('blob_id', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('etag', 'text', (c) => c.notNull())
    .addColumn('last_modified', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('bundle_parts_pk', ['upload_id', 'part_number'])
    .execute();
}

/** Removes what `up` added. */
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['bundle_parts', 'bundle_uploads', 'bundle_objects', 'bundle_buckets']) await db.schema.dropTable(table).execute();
}
