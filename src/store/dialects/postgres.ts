import pg from 'pg';
import { PostgresDialect } from 'kysely';

// bigint (int8) columns hold epoch milliseconds and counts; they fit in a double, and numbers
// make both dialects return the same JavaScript types.
pg.types.setTypeParser(20, (v) => Number(v));

/** Creates a PostgreSQL dialect over a connection pool for `url`. */
export function createPostgresDialect(url: string, maxConnections = 10): PostgresDialect {
  return new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: maxConnections }) });
}
