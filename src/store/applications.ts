import type { Kysely, Selectable } from 'kysely';
import type { ApplicationInfo, ComputePlatform } from '@aws-sdk/client-codedeploy';
import type { Clock } from '../core/clock.ts';
import { newResourceId } from '../core/ids.ts';
import { MAX_APPLICATIONS } from '../core/limits.ts';
import type { Database } from './schema.ts';
import {
  applicationTagKey, deleteTagsOf, deploymentGroupTagKey, moveTags, putTags, type ResourceTag,
} from './resource-tags.ts';

/** What CreateApplication stores. */
export interface NewApplication {
  applicationName: string;
  computePlatform: ComputePlatform;
  tags?: readonly ResourceTag[];
}

/** The outcome of a create: the new application, or why there is none. */
export type CreateApplicationResult =
  | { result: 'created'; application: ApplicationInfo }
  | { result: 'exists' }
  | { result: 'limit' };

/** The outcome of a rename. */
export type RenameResult = 'renamed' | 'missing' | 'exists';

type ApplicationRow = Selectable<Database['applications']>;

function toInfo(row: ApplicationRow): ApplicationInfo {
  return {
    applicationId: row.application_id,
    applicationName: row.application_name,
    computePlatform: row.compute_platform as ComputePlatform,
    createTime: new Date(row.create_time),
    linkedToGitHub: row.linked_to_github === 1,
    gitHubAccountName: row.github_account_name ?? undefined,
  };
}

/** ApplicationStore keeps applications, and moves or removes what hangs off them on rename and delete. */
export class ApplicationStore {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;

  constructor(options: { db: Kysely<Database>; clock: Clock }) {
    this.#db = options.db;
    this.#clock = options.clock;
  }

  /** The application, as GetApplication returns it, or undefined. */
  async get(applicationName: string): Promise<ApplicationInfo | undefined> {
    const row = await this.#db.selectFrom('applications').selectAll()
      .where('application_name', '=', applicationName).executeTakeFirst();
    return row && toInfo(row);
  }

  /** The applications among `names` that exist, in no particular order. */
  async getMany(names: readonly string[]): Promise<ApplicationInfo[]> {
    if (names.length === 0) return [];
    const rows = await this.#db.selectFrom('applications').selectAll()
      .where('application_name', 'in', [...names]).execute();
    return rows.map(toInfo);
  }

  /** Names after `after` (exclusive), sorted, at most `limit` of them: one keyset page. */
  async listNames(options: { after?: string; limit: number }): Promise<string[]> {
    let query = this.#db.selectFrom('applications').select('application_name')
      .orderBy('application_name').limit(options.limit);
    if (options.after !== undefined) query = query.where('application_name', '>', options.after);
    return (await query.execute()).map((r) => r.application_name);
  }

  /** Creates an application with its tags, in one transaction. */
  async create(app: NewApplication): Promise<CreateApplicationResult> {
    try {
      return await this.#db.transaction().execute((trx) => this.#insert(trx, app));
    } catch (err) {
      // Two concurrent creates can both pass the existence check; the loser hits the primary
      // key. Dialects report that differently, so look again instead of parsing the error.
      if (await this.get(app.applicationName)) return { result: 'exists' };
      throw err;
    }
  }

  /**
   * Renames an application and carries its deployment groups, deployments, revisions and tags
   * along, in one transaction.
   */
  async rename(from: string, to: string): Promise<RenameResult> {
    return this.#db.transaction().execute(async (trx) => {
      if (!(await exists(trx, from))) return 'missing';
      if (from === to) return 'renamed';
      if (await exists(trx, to)) return 'exists';
      const groups = await groupNamesOf(trx, from);
      await trx.updateTable('applications').set({ application_name: to }).where('application_name', '=', from).execute();
      for (const table of ['deployment_groups', 'deployments', 'revisions'] as const) {
        await trx.updateTable(table).set({ application_name: to }).where('application_name', '=', from).execute();
      }
      await moveTags(trx, applicationTagKey(from), applicationTagKey(to));
      for (const group of groups) await moveTags(trx, deploymentGroupTagKey(from, group), deploymentGroupTagKey(to, group));
      return 'renamed';
    });
  }

  /**
   * Deletes an application with its deployment groups, revisions and tags. Deployment history
   * stays, as records of what ran. Returns false when there was no such application.
   */
  async delete(applicationName: string): Promise<boolean> {
    return this.#db.transaction().execute(async (trx) => {
      if (!(await exists(trx, applicationName))) return false;
      const groups = await groupNamesOf(trx, applicationName);
      await deleteTagsOf(trx, [applicationTagKey(applicationName), ...groups.map((g) => deploymentGroupTagKey(applicationName, g))]);
      await trx.deleteFrom('deployment_groups').where('application_name', '=', applicationName).execute();
      await trx.deleteFrom('revisions').where('application_name', '=', applicationName).execute();
      await trx.deleteFrom('applications').where('application_name', '=', applicationName).execute();
      return true;
    });
  }

  async #insert(trx: Kysely<Database>, app: NewApplication): Promise<CreateApplicationResult> {
    if (await exists(trx, app.applicationName)) return { result: 'exists' };
    const { count } = await trx.selectFrom('applications').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    if (Number(count) >= MAX_APPLICATIONS) return { result: 'limit' };
    const row: ApplicationRow = {
      application_name: app.applicationName,
      application_id: newResourceId(),
      compute_platform: app.computePlatform,
      create_time: this.#clock.now(),
      linked_to_github: 0,
      github_account_name: null,
    };
    await trx.insertInto('applications').values(row).execute();
    await putTags(trx, applicationTagKey(app.applicationName), app.tags ?? []);
    return { result: 'created', application: toInfo(row) };
  }
}

async function exists(db: Kysely<Database>, applicationName: string): Promise<boolean> {
  const row = await db.selectFrom('applications').select('application_name')
    .where('application_name', '=', applicationName).executeTakeFirst();
  return row !== undefined;
}

async function groupNamesOf(db: Kysely<Database>, applicationName: string): Promise<string[]> {
  const rows = await db.selectFrom('deployment_groups').select('deployment_group_name')
    .where('application_name', '=', applicationName).execute();
  return rows.map((r) => r.deployment_group_name);
}
