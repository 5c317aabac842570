import Database from 'better-sqlite3';
import { SqliteDialect } from 'kysely';

/** Prepared statements kept per connection, by SQL text. */
const STATEMENT_CACHE_SIZE = 500;

/** Opens a SQLite database file with the pragmas Cutover relies on. */
export function createSqliteDialect(path: string): SqliteDialect {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // NORMAL is durable across process crashes in WAL mode; only an OS crash can lose the last commit.
  db.pragma('synchronous = NORMAL');
  return new SqliteDialect({ database: withStatementCache(db) });
}

/**
 * Kysely prepares every query afresh, and preparing costs as much as running a small query.
 * Kysely's SQL text is stable per query shape (values are bound), so reusing prepared
 * statements by text is safe and halves the cost of the hot paths (polls, completions).
 */
function withStatementCache(db: Database.Database): Database.Database {
  const cache = new Map<string, Database.Statement>();
  const prepare = db.prepare.bind(db);
  return new Proxy(db, {
    get(target, property, receiver) {
      if (property !== 'prepare') return Reflect.get(target, property, receiver);
      return (sql: string) => {
        let statement = cache.get(sql);
        if (!statement) {
          if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
          statement = prepare(sql);
          cache.set(sql, statement);
        }
        return statement;
      };
    },
  });
}
