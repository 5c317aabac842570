import Database from 'better-sqlite3';
import { SqliteDialect } from 'kysely';

/** Opens a SQLite database file with the pragmas Cutover relies on. */
export function createSqliteDialect(path: string): SqliteDialect {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // NORMAL is durable across process crashes in WAL mode; only an OS crash can lose the last commit.
  db.pragma('synchronous = NORMAL');
  return new SqliteDialect({ database: db });
}
