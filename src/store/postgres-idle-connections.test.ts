import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { DIALECTS, freshDatabaseUrl } from '../../test/support/dialects.ts';
import { openDatabase } from './db.ts';

describe('PostgreSQL pool', { skip: !DIALECTS.includes('postgres') && 'PostgreSQL is not among DIALECTS' }, () => {
  it('survives the database terminating its idle connections, reports them, and serves the next query on a new one', async (t) => {
    const database = await freshDatabaseUrl('postgres');
    const dataDir = mkdtempSync(join(tmpdir(), 'cutover-pg-idle-'));
    const reported: string[] = [];
    const { db } = await openDatabase({ dataDir, databaseUrl: database.url, onIdleConnectionError: (e) => reported.push(e.message) });
    t.after(async () => {
      await db.destroy();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    });
    await sql`select 1`.execute(db);
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    const { rowCount } = await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
    await admin.end();
    assert.ok((rowCount ?? 0) >= 1, 'the pool held an idle connection to terminate');
    for (let i = 0; i < 50 && reported.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.match(reported[0] ?? '', /terminating connection/);
    const { rows } = await sql<{ answer: number }>`select 42 as answer`.execute(db);
    assert.equal(rows[0]!.answer, 42);
  });
});
