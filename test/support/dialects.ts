import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { SYSTEM_CLOCK, type Clock } from '../../src/core/clock.ts';
import { openDatabase, type DialectName } from '../../src/store/db.ts';
import { SecretBox } from '../../src/store/secret-box.ts';
import { createStore, type Store } from '../../src/store/store.ts';

/**
 * The databases every store test runs on, filterable with `DIALECTS=sqlite`. PostgreSQL needs
 * CUTOVER_TEST_PG_URL, which `npm test` sets after starting a throwaway cluster.
 */
export const DIALECTS: DialectName[] = (process.env.DIALECTS ?? 'sqlite,postgres')
  .split(',').filter((d): d is DialectName => d === 'sqlite' || d === 'postgres')
  .filter((d) => d === 'sqlite' || !!process.env.CUTOVER_TEST_PG_URL);

/** A fresh, empty database of the given dialect, as a URL for `--database-url`. */
export async function freshDatabaseUrl(dialect: DialectName): Promise<{ url: string; drop(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'cutover-sqlite-'));
    return { url: `sqlite:${join(dir, 'test.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const base = process.env.CUTOVER_TEST_PG_URL;
  if (!base) throw new Error('CUTOVER_TEST_PG_URL is not set; run the suite with npm test');
  const name = `t_${randomBytes(6).toString('hex')}`;
  await adminQuery(base, `create database ${name}`);
  const url = base.replace(/\/[^/]*$/, `/${name}`);
  return { url, drop: () => adminQuery(base, `drop database if exists ${name} with (force)`) };
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A Store over a fresh database; `close` destroys the connection and drops the database. */
export async function openTestStore(dialect: DialectName, clock: Clock = SYSTEM_CLOCK): Promise<{ store: Store; close(): Promise<void> }> {
  const database = await freshDatabaseUrl(dialect);
  const dataDir = mkdtempSync(join(tmpdir(), 'cutover-data-'));
  const { db } = await openDatabase({ dataDir, databaseUrl: database.url });
  const store = createStore({ db, dialect, clock, secretBox: new SecretBox({ key: randomBytes(32) }) });
  return {
    store,
    async close() {
      await db.destroy();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
