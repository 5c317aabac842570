import { Kysely, Migrator } from 'kysely';
import { join } from 'node:path';
import type { Database } from './schema.ts';
import { createPostgresDialect } from './dialects/postgres.ts';
import { createSqliteDialect } from './dialects/sqlite.ts';
import { migrationProvider } from './migrations/index.ts';

/** The database engines Cutover runs on. */
export type DialectName = 'sqlite' | 'postgres';

/** Where the store lives: a PostgreSQL URL, or else SQLite in the data directory. */
export interface DatabaseOptions {
  databaseUrl?: string;
  dataDir: string;
  /** PostgreSQL closed an idle pooled connection (it is replaced on the next query). */
  onIdleConnectionError?: (error: Error) => void;
}

/** An open store: the Kysely handle plus which engine is behind it. */
export interface OpenDatabase {
  db: Kysely<Database>;
  dialect: DialectName;
  /** Human-readable location, for start-up messages (never includes a password). */
  location: string;
}

/** The SQLite file used when no database URL is given. */
export const SQLITE_FILE = 'cutover.db';

/** Opens the store and brings its schema up to date. Throws if a migration fails. */
export async function openDatabase(options: DatabaseOptions): Promise<OpenDatabase> {
  const url = options.databaseUrl;
  const isPostgres = !!url && /^postgres(ql)?:\/\//.test(url);
  if (url && !isPostgres && !url.startsWith('sqlite:')) {
    throw new Error(`unsupported database URL ${redactUrl(url)}: use postgres://… or sqlite:<path>`);
  }
  const sqlitePath = url?.startsWith('sqlite:') ? url.slice('sqlite:'.length) : join(options.dataDir, SQLITE_FILE);
  const db = new Kysely<Database>({
    dialect: isPostgres ? createPostgresDialect(url!, options.onIdleConnectionError ?? (() => {})) : createSqliteDialect(sqlitePath),
  });
  await migrateToLatest(db);
  return { db, dialect: isPostgres ? 'postgres' : 'sqlite', location: isPostgres ? redactUrl(url!) : sqlitePath };
}

async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed`, { cause: error });
  }
}

/** Hides the password of a database URL. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
