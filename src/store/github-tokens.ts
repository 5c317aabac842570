import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.ts';
import type { Database } from './schema.ts';

/**
 * GitHubTokenStore keeps the names of connected GitHub account tokens. The API only lists and
 * deletes them; `add` is for the connection flow that will create them.
 */
export class GitHubTokenStore {
  readonly #db: Kysely<Database>;

  constructor(options: { db: Kysely<Database>; clock: Clock }) {
    this.#db = options.db;
  }

  /** Records a token name; adding one that exists changes nothing. */
  async add(tokenName: string): Promise<void> {
    await this.#db.insertInto('github_tokens').values({ token_name: tokenName })
      .onConflict((oc) => oc.column('token_name').doNothing()).execute();
  }

  /** Names after `after` (exclusive), sorted, at most `limit` of them: one keyset page. */
  async listNames(options: { after?: string; limit: number }): Promise<string[]> {
    let query = this.#db.selectFrom('github_tokens').select('token_name').orderBy('token_name').limit(options.limit);
    if (options.after !== undefined) query = query.where('token_name', '>', options.after);
    return (await query.execute()).map((r) => r.token_name);
  }

  /** Deletes a token name. Returns false when there was none. */
  async delete(tokenName: string): Promise<boolean> {
    const result = await this.#db.deleteFrom('github_tokens').where('token_name', '=', tokenName).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
