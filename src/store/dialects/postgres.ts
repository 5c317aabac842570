import pg from 'pg';
import { PostgresDialect } from 'kysely';

// bigint (int8) columns hold epoch milliseconds and counts; they fit in a double, and numbers
// make both dialects return the same JavaScript types.
pg.types.setTypeParser(20, (v) => Number(v));

/**
 * Creates a PostgreSQL dialect over a connection pool for `url`. An idle pooled connection that
 * the database closes (a restart, an administrator's pg_terminate_backend, a network cut) is
 * reported to `onIdleConnectionError` and dropped; the next query opens a new one. Without a
 * listener the pool's `error` event would end the process.
 */
export function createPostgresDialect(url: string, onIdleConnectionError: (error: Error) => void, maxConnections = 10): PostgresDialect {
  const pool = new pg.Pool({ connectionString: url, max: maxConnections });
  pool.on('error', onIdleConnectionError);
  return new PostgresDialect({ pool });
}
