import { openDatabase } from '../../src/store/db.ts';

/** Where a server process keeps its state. */
export interface ServerState {
  dataDir: string;
  databaseUrl: string;
}

/**
 * Runs `work` on the database of a running server process, the way an operator's script would.
 * For facts the API does not expose (the account id) and rows it cannot create (GitHub tokens).
 */
async function withDatabase<T>(server: ServerState, work: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>): Promise<T> {
  const { db } = await openDatabase({ dataDir: server.dataDir, databaseUrl: server.databaseUrl });
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}

/** This installation's account id, as its ARNs carry it. */
export function readAccountId(server: ServerState): Promise<string> {
  return withDatabase(server, async (db) => {
    const row = await db.selectFrom('settings').select('value').where('key', '=', 'account_id').executeTakeFirstOrThrow();
    return row.value;
  });
}

/** Stores GitHub account token names: the API lists and deletes them but has no call that adds one. */
export function insertGitHubTokenNames(server: ServerState, names: string[]): Promise<void> {
  return withDatabase(server, async (db) => {
    await db.insertInto('github_tokens').values(names.map((token_name) => ({ token_name }))).execute();
  });
}
