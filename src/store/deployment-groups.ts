import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.ts';
import type { Database } from './schema.ts';

/** DeploymentGroupStore keeps deployment groups and their settings. */
export class DeploymentGroupStore {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;

  constructor(options: { db: Kysely<Database>; clock: Clock }) {
    this.#db = options.db;
    this.#clock = options.clock;
  }
}
