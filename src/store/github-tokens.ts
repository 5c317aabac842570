import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.ts';
import type { Database } from './schema.ts';

/** GitHubTokenStore keeps the names of connected GitHub account tokens. */
export class GitHubTokenStore {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;

  constructor(options: { db: Kysely<Database>; clock: Clock }) {
    this.#db = options.db;
    this.#clock = options.clock;
  }
}
