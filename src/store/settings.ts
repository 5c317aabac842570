import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** SettingStore keeps installation-wide values such as the account id. */
export class SettingStore {
  readonly #db: Kysely<Database>;

  constructor(options: { db: Kysely<Database> }) {
    this.#db = options.db;
  }

  /** Returns the value of a setting, if set. */
  async get(key: string): Promise<string | undefined> {
    const row = await this.#db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
    return row?.value;
  }

  /**
   * Returns the stored value, storing `initial()` first if there is none. Safe when several
   * servers start at once: the first insert wins and everyone reads it back.
   */
  async getOrInit(key: string, initial: () => string): Promise<string> {
    await this.#db.insertInto('settings').values({ key, value: initial() })
      .onConflict((oc) => oc.column('key').doNothing()).execute();
    return (await this.get(key))!;
  }
}
