import type { Kysely, Selectable } from 'kysely';
import type { ComputePlatform, DeploymentGroupInfo } from '@aws-sdk/client-codedeploy';
import type { Clock } from '../core/clock.ts';
import { newResourceId } from '../core/ids.ts';
import { MAX_DEPLOYMENT_GROUPS_PER_APPLICATION } from '../core/limits.ts';
import {
  readDeploymentHistory, toDeploymentGroupInfo, type DeploymentGroupRecord, type DeploymentGroupSettings,
} from './deployment-group-info.ts';
import { deleteTagsOf, deploymentGroupTagKey, moveTags, putTags, type ResourceTag } from './resource-tags.ts';
import type { Database } from './schema.ts';

export type { DeploymentGroupRecord, DeploymentGroupSettings } from './deployment-group-info.ts';

/** What CreateDeploymentGroup stores, already validated and with defaults filled in. */
export interface NewDeploymentGroup {
  applicationName: string;
  deploymentGroupName: string;
  deploymentConfigName: string;
  settings: DeploymentGroupSettings;
  tags?: readonly ResourceTag[];
}

/** The outcome of a create. */
export type CreateDeploymentGroupResult =
  | { result: 'created'; deploymentGroupId: string }
  | { result: 'exists' }
  | { result: 'no-application' }
  | { result: 'limit' };

/** The outcome of an update. */
export type UpdateDeploymentGroupResult = 'updated' | 'missing' | 'exists';

type GroupRow = Selectable<Database['deployment_groups']>;

function toRecord(row: GroupRow): DeploymentGroupRecord {
  return {
    deploymentGroupId: row.deployment_group_id,
    applicationName: row.application_name,
    deploymentGroupName: row.deployment_group_name,
    deploymentConfigName: row.deployment_config_name,
    settings: JSON.parse(row.body) as DeploymentGroupSettings,
  };
}

/** DeploymentGroupStore keeps deployment groups and their settings. */
export class DeploymentGroupStore {
  readonly #db: Kysely<Database>;

  constructor(options: { db: Kysely<Database>; clock: Clock }) {
    this.#db = options.db;
  }

  /**
   * The group as GetDeploymentGroup returns it: every default filled in, computePlatform from
   * its application, and the last attempted/successful deployments from the deployments table.
   */
  async get(applicationName: string, deploymentGroupName: string): Promise<DeploymentGroupInfo | undefined> {
    const row = await this.#db.selectFrom('deployment_groups')
      .innerJoin('applications', 'applications.application_name', 'deployment_groups.application_name')
      .selectAll('deployment_groups').select('applications.compute_platform')
      .where('deployment_groups.application_name', '=', applicationName)
      .where('deployment_groups.deployment_group_name', '=', deploymentGroupName)
      .executeTakeFirst();
    if (!row) return undefined;
    const history = await readDeploymentHistory(this.#db, applicationName, deploymentGroupName);
    return toDeploymentGroupInfo(toRecord(row), row.compute_platform as ComputePlatform, history);
  }

  /** The stored record (identity and settings), for read-modify-write by UpdateDeploymentGroup. */
  async find(applicationName: string, deploymentGroupName: string): Promise<DeploymentGroupRecord | undefined> {
    const row = await this.#db.selectFrom('deployment_groups').selectAll()
      .where('application_name', '=', applicationName).where('deployment_group_name', '=', deploymentGroupName)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /** Names of an application's groups after `after` (exclusive), sorted: one keyset page. */
  async listNames(applicationName: string, options: { after?: string; limit: number }): Promise<string[]> {
    let query = this.#db.selectFrom('deployment_groups').select('deployment_group_name')
      .where('application_name', '=', applicationName).orderBy('deployment_group_name').limit(options.limit);
    if (options.after !== undefined) query = query.where('deployment_group_name', '>', options.after);
    return (await query.execute()).map((r) => r.deployment_group_name);
  }

  /** Creates a group with its tags in one transaction, if its application still exists. */
  async create(group: NewDeploymentGroup): Promise<CreateDeploymentGroupResult> {
    try {
      return await this.#db.transaction().execute((trx) => insertGroup(trx, group));
    } catch (err) {
      // A concurrent create of the same name loses on the unique constraint: report it as taken.
      if (await this.find(group.applicationName, group.deploymentGroupName)) return { result: 'exists' };
      throw err;
    }
  }

  /**
   * Replaces a group's config and settings, renaming it when `record.deploymentGroupName`
   * differs from `currentName`. A rename carries the group's deployments and tags along.
   */
  async update(currentName: string, record: Omit<DeploymentGroupRecord, 'deploymentGroupId'>): Promise<UpdateDeploymentGroupResult> {
    const app = record.applicationName;
    const newName = record.deploymentGroupName;
    return this.#db.transaction().execute(async (trx) => {
      if (!(await groupExists(trx, app, currentName))) return 'missing';
      if (newName !== currentName && (await groupExists(trx, app, newName))) return 'exists';
      await trx.updateTable('deployment_groups').set({
        deployment_group_name: newName,
        deployment_config_name: record.deploymentConfigName,
        body: JSON.stringify(record.settings),
      }).where('application_name', '=', app).where('deployment_group_name', '=', currentName).execute();
      if (newName !== currentName) {
        await trx.updateTable('deployments').set({ deployment_group_name: newName })
          .where('application_name', '=', app).where('deployment_group_name', '=', currentName).execute();
        await moveTags(trx, deploymentGroupTagKey(app, currentName), deploymentGroupTagKey(app, newName));
      }
      return 'updated';
    });
  }

  /** Deletes a group and its tags. Returns false when there was no such group. */
  async delete(applicationName: string, deploymentGroupName: string): Promise<boolean> {
    return this.#db.transaction().execute(async (trx) => {
      const result = await trx.deleteFrom('deployment_groups')
        .where('application_name', '=', applicationName).where('deployment_group_name', '=', deploymentGroupName)
        .executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) return false;
      await deleteTagsOf(trx, [deploymentGroupTagKey(applicationName, deploymentGroupName)]);
      return true;
    });
  }
}

async function insertGroup(trx: Kysely<Database>, group: NewDeploymentGroup): Promise<CreateDeploymentGroupResult> {
  const app = group.applicationName;
  const application = await trx.selectFrom('applications').select('application_name')
    .where('application_name', '=', app).executeTakeFirst();
  if (!application) return { result: 'no-application' };
  if (await groupExists(trx, app, group.deploymentGroupName)) return { result: 'exists' };
  const { count } = await trx.selectFrom('deployment_groups').select((eb) => eb.fn.countAll<number>().as('count'))
    .where('application_name', '=', app).executeTakeFirstOrThrow();
  if (Number(count) >= MAX_DEPLOYMENT_GROUPS_PER_APPLICATION) return { result: 'limit' };
  const deploymentGroupId = newResourceId();
  await trx.insertInto('deployment_groups').values({
    deployment_group_id: deploymentGroupId,
    application_name: app,
    deployment_group_name: group.deploymentGroupName,
    deployment_config_name: group.deploymentConfigName,
    body: JSON.stringify(group.settings),
  }).execute();
  await putTags(trx, deploymentGroupTagKey(app, group.deploymentGroupName), group.tags ?? []);
  return { result: 'created', deploymentGroupId };
}

async function groupExists(db: Kysely<Database>, applicationName: string, deploymentGroupName: string): Promise<boolean> {
  const row = await db.selectFrom('deployment_groups').select('deployment_group_id')
    .where('application_name', '=', applicationName).where('deployment_group_name', '=', deploymentGroupName)
    .executeTakeFirst();
  return row !== undefined;
}
