import type { DeploymentInfo } from '@aws-sdk/client-codedeploy';
import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../core/clock.ts';
import { ACTIVE_DEPLOYMENT_STATUSES, overviewOf, type DeploymentOverview, type DeploymentStatus } from '../core/deployment.ts';
import type { RevisionLocation } from '../core/revision.ts';
import { readTargets, targetRow, type DeploymentTargetRecord } from './deployment-targets.ts';
import { listDeploymentIds, type DeploymentListOptions, type DeploymentPosition } from './deployment-list.ts';
import type { Database } from './schema.ts';

export { isDeploymentPosition, type DeploymentListOptions, type DeploymentPosition } from './deployment-list.ts';

/**
 * The members of DeploymentInfo kept in a deployment's body: everything except those with a
 * column of their own and the overview (counted from the targets). `startTime` is epoch ms.
 */
export type DeploymentDetails = Omit<DeploymentInfo,
  'applicationName' | 'deploymentGroupName' | 'deploymentId' | 'status' | 'createTime' | 'completeTime' | 'startTime'
  | 'deploymentOverview' | 'externalId'> & { startTime?: number };

/**
 * What callers asked a deployment to do that the engine carries out on its next pass (the
 * deployment is data; actions only record intent):
 * * `stopRequested` - StopDeployment was called (time, and whether to roll back).
 * * `readyWaitContinuedAt` - ContinueDeployment(READY_WAIT): reroute traffic now.
 * * `terminationWaitSkippedAt` - ContinueDeployment(TERMINATION_WAIT) or
 *   SkipWaitTimeForInstanceTermination: terminate the original instances now.
 */
export interface DeploymentControl {
  deploymentGroupId?: string;
  stopRequested?: { time: number; autoRollbackEnabled?: boolean };
  readyWaitContinuedAt?: number;
  terminationWaitSkippedAt?: number;
}

/** A deployment as stored (times in epoch ms), with its overview counted from its targets. */
export interface DeploymentRecord {
  deploymentId: string;
  applicationName: string;
  deploymentGroupName: string;
  status: DeploymentStatus;
  createTime: number;
  completeTime?: number;
  externalId?: string;
  /** Bumped by every update; updates are conditional on it (optimistic concurrency). */
  version: number;
  details: DeploymentDetails;
  control: DeploymentControl;
  overview: DeploymentOverview;
}

/** A deployment to create, without what the store derives. */
export type NewDeployment = Omit<DeploymentRecord, 'version' | 'overview' | 'completeTime'>;

/** The outcome of create: created, or refused because the group already has an active deployment. */
export type CreateOutcome = { created: true } | { created: false; activeDeploymentId: string };

/** A change to a deployment and its targets, computed from their current state. */
export interface DeploymentChange {
  status?: DeploymentStatus;
  completeTime?: number;
  details?: DeploymentDetails;
  control?: DeploymentControl;
  /** Targets to rewrite (matched by targetId); targets not listed are left alone. */
  targets?: DeploymentTargetRecord[];
  /** Further writes that must commit with this change (the engine's host commands, say). */
  alsoInTransaction?: (trx: Transaction<Database>) => Promise<void>;
}

/**
 * Decides a change from the current deployment and its targets; returns undefined for "no
 * change" and may throw to refuse (the error propagates to the caller of update).
 */
export type DeploymentChanger = (current: DeploymentRecord, targets: DeploymentTargetRecord[]) => DeploymentChange | undefined;

type DeploymentRow = Database['deployments'];

/** The JSON body of a deployment row: the details, plus the control record under `control`. */
type DeploymentBody = DeploymentDetails & { control: DeploymentControl };

/** Attempts at an update whose version check keeps losing to concurrent writers. */
const MAX_UPDATE_ATTEMPTS = 20;

/**
 * DeploymentStore keeps deployments. Each change (create, a status transition, a recorded
 * intent) is one transaction over the deployment row and its target rows, conditional on the
 * row's version, so that the engine and API calls never overwrite each other.
 */
export class DeploymentStore {
  readonly #db: Kysely<Database>;

  constructor(options: { db: Kysely<Database>; clock: Clock }) {
    this.#db = options.db;
  }

  /**
   * Stores a new deployment and its targets, plus whatever `alsoInTransaction` writes, in one
   * transaction, unless the group already has an active deployment. Never throws for that case:
   * the outcome names the active deployment.
   */
  async create(options: {
    deployment: NewDeployment;
    targets: DeploymentTargetRecord[];
    alsoInTransaction?: (db: Kysely<Database>) => Promise<void>;
  }): Promise<CreateOutcome> {
    const { deployment } = options;
    try {
      return await this.#db.transaction().execute(async (trx) => {
        const active = await activeDeploymentOf(trx, deployment.applicationName, deployment.deploymentGroupName);
        if (active) return { created: false, activeDeploymentId: active };
        await trx.insertInto('deployments').values(deploymentRow({ ...deployment, version: 0 })).execute();
        for (const target of options.targets) await trx.insertInto('deployment_targets').values(targetRow(target)).execute();
        await options.alsoInTransaction?.(trx);
        return { created: true };
      });
    } catch (error) {
      // A concurrent create for the same group wins on the unique index of active deployments;
      // the error differs per dialect, so look for the winner instead of parsing it.
      const active = await this.activeDeploymentId(deployment.applicationName, deployment.deploymentGroupName);
      if (active) return { created: false, activeDeploymentId: active };
      throw error;
    }
  }

  /**
   * Inserts a deployment and its targets inside the caller's transaction, without the
   * one-active-per-group check: the engine creates a rollback in the very transaction that ends
   * the deployment it replaces (the database's unique index still guards the limit).
   */
  async insertIn(trx: Transaction<Database>, deployment: NewDeployment, targets: readonly DeploymentTargetRecord[]): Promise<void> {
    await trx.insertInto('deployments').values(deploymentRow({ ...deployment, version: 0 })).execute();
    for (const target of targets) await trx.insertInto('deployment_targets').values(targetRow(target)).execute();
  }

  /** One deployment, or undefined. */
  async get(deploymentId: string): Promise<DeploymentRecord | undefined> {
    return (await this.batchGet([deploymentId]))[0];
  }

  /** The given deployments in request order, skipping unknown ids and repeats. */
  async batchGet(deploymentIds: readonly string[]): Promise<DeploymentRecord[]> {
    const ids = [...new Set(deploymentIds)];
    if (ids.length === 0) return [];
    // The overview counts come in the same query (one correlated count per status, each an
    // index range on the target key), so a read is one round trip on PostgreSQL.
    const rows = await this.#db.selectFrom('deployments as d').selectAll('d')
      .select((eb) => OVERVIEW_STATUSES.map((status) => eb.selectFrom('deployment_targets as t')
        .select((c) => c.fn.countAll<number>().as('n'))
        .whereRef('t.deployment_id', '=', 'd.deployment_id').where('t.status', '=', status).as(`n_${status}`)))
      .where('d.deployment_id', 'in', ids).execute();
    const byId = new Map(rows.map((r) => [r.deployment_id, deploymentFromRow(r, overviewFromCounts(r as unknown as Record<string, unknown>))]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** The id of the group's active (not Succeeded, Failed or Stopped) deployment, if any. */
  async activeDeploymentId(applicationName: string, deploymentGroupName: string): Promise<string | undefined> {
    return activeDeploymentOf(this.#db, applicationName, deploymentGroupName);
  }

  /** The revision of the group's newest Succeeded deployment: the next one's previousRevision. */
  async lastSuccessfulRevision(applicationName: string, deploymentGroupName: string): Promise<RevisionLocation | undefined> {
    const row = await this.#db.selectFrom('deployments').select('body')
      .where('application_name', '=', applicationName).where('deployment_group_name', '=', deploymentGroupName)
      .where('status', '=', 'Succeeded')
      .orderBy('complete_time', 'desc').orderBy('create_time', 'desc').limit(1).executeTakeFirst();
    return row ? (JSON.parse(row.body) as DeploymentBody).revision as RevisionLocation | undefined : undefined;
  }

  /** One page of deployment ids, newest first, with each one's page position. */
  async list(options: DeploymentListOptions): Promise<{ deploymentId: string; position: DeploymentPosition }[]> {
    return listDeploymentIds(this.#db, options);
  }

  /**
   * Applies `change` to a deployment in one transaction: reads the deployment and its targets,
   * asks `change` what to write, and writes it only if nobody else wrote in between (else it
   * reads again and retries). Returns the deployment as written, or undefined if it does not exist.
   */
  async update(deploymentId: string, change: DeploymentChanger): Promise<DeploymentRecord | undefined> {
    for (let attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt++) {
      const outcome = await this.#db.transaction().execute((trx) => tryUpdate(trx, deploymentId, change));
      if (outcome !== 'conflict') return outcome === 'missing' ? undefined : this.get(deploymentId);
    }
    throw new Error(`update of deployment ${deploymentId} kept losing to concurrent writers`);
  }

  /** Deletes the deployments (and their targets) linked to an external id; returns how many. */
  async deleteByExternalId(externalId: string): Promise<number> {
    return this.#db.transaction().execute(async (trx) => {
      const rows = await trx.selectFrom('deployments').select('deployment_id').where('external_id', '=', externalId).execute();
      const ids = rows.map((r) => r.deployment_id);
      if (ids.length === 0) return 0;
      await trx.deleteFrom('deployment_targets').where('deployment_id', 'in', ids).execute();
      await trx.deleteFrom('deployments').where('deployment_id', 'in', ids).execute();
      return ids.length;
    });
  }
}

async function activeDeploymentOf(db: Kysely<Database>, applicationName: string, deploymentGroupName: string): Promise<string | undefined> {
  const row = await db.selectFrom('deployments').select('deployment_id')
    .where('application_name', '=', applicationName).where('deployment_group_name', '=', deploymentGroupName)
    .where('status', 'in', [...ACTIVE_DEPLOYMENT_STATUSES]).executeTakeFirst();
  return row?.deployment_id;
}

async function tryUpdate(trx: Transaction<Database>, deploymentId: string, change: DeploymentChanger): Promise<'missing' | 'conflict' | 'done'> {
  const row = await trx.selectFrom('deployments').selectAll().where('deployment_id', '=', deploymentId).executeTakeFirst();
  if (!row) return 'missing';
  const targets = await readTargets(trx, deploymentId);
  const current = deploymentFromRow(row, overviewOf(targets.map((t) => t.status)));
  const delta = change(current, targets);
  if (!delta) return 'done';
  const next = { ...current, ...pick(delta), version: current.version + 1 };
  const { deployment_id: _id, ...values } = deploymentRow(next);
  const result = await trx.updateTable('deployments').set(values)
    .where('deployment_id', '=', deploymentId).where('version', '=', current.version).executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return 'conflict';
  for (const target of delta.targets ?? []) {
    const { deployment_id: _d, target_id: _t, ...targetValues } = targetRow(target);
    await trx.updateTable('deployment_targets').set(targetValues)
      .where('deployment_id', '=', deploymentId).where('target_id', '=', target.targetId).execute();
  }
  await delta.alsoInTransaction?.(trx);
  return 'done';
}

function pick(delta: DeploymentChange): Partial<DeploymentRecord> {
  const { targets: _targets, alsoInTransaction: _also, ...rest } = delta;
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
}

function deploymentRow(d: Omit<DeploymentRecord, 'overview'> & { completeTime?: number }): DeploymentRow {
  return {
    deployment_id: d.deploymentId,
    application_name: d.applicationName,
    deployment_group_name: d.deploymentGroupName,
    status: d.status,
    create_time: d.createTime,
    complete_time: d.completeTime ?? null,
    external_id: d.externalId ?? null,
    version: d.version,
    // Flat, so that the revision is `body.revision` for readers of the table (deployment groups).
    body: JSON.stringify({ ...d.details, control: d.control } satisfies DeploymentBody),
  };
}

/** The overview's statuses, each counted by its own subquery. */
const OVERVIEW_STATUSES = ['Pending', 'InProgress', 'Succeeded', 'Failed', 'Skipped', 'Ready'] as const;

function overviewFromCounts(row: Record<string, unknown>): DeploymentOverview {
  return Object.fromEntries(OVERVIEW_STATUSES.map((s) => [s, Number(row[`n_${s}`] ?? 0)])) as unknown as DeploymentOverview;
}

function deploymentFromRow(row: DeploymentRow, overview: DeploymentOverview = overviewOf([])): DeploymentRecord {
  const { control, ...details } = JSON.parse(row.body) as DeploymentBody;
  return {
    deploymentId: row.deployment_id,
    applicationName: row.application_name,
    deploymentGroupName: row.deployment_group_name,
    status: row.status as DeploymentStatus,
    createTime: Number(row.create_time),
    ...(row.complete_time !== null ? { completeTime: Number(row.complete_time) } : {}),
    ...(row.external_id !== null ? { externalId: row.external_id } : {}),
    version: Number(row.version),
    details,
    // Rows written before the control record existed (or by hand) have none; the engine reads it.
    control: control ?? {},
    overview,
  };
}
