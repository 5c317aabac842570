import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.ts';
import type { Database } from './schema.ts';

/** DeploymentTargetStore keeps each deployment's targets and their lifecycle events. */
export class DeploymentTargetStore {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;

  constructor(options: { db: Kysely<Database>; clock: Clock }) {
    this.#db = options.db;
    this.#clock = options.clock;
  }
}
