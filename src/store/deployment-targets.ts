import type { Diagnostics, ECSTaskSet, LambdaFunctionInfo } from '@aws-sdk/client-codedeploy';
import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.ts';
import type { TargetLabel, TargetStatus } from '../core/deployment.ts';
import type { LifecycleEventStatus } from '../core/lifecycle.ts';
import type { Database } from './schema.ts';

/** The kinds of deployment target, as the model's DeploymentTargetType spells them. */
export type DeploymentTargetType = 'InstanceTarget' | 'LambdaTarget' | 'ECSTarget' | 'CloudFormationTarget';

/** One lifecycle event of one target (times in epoch ms). */
export interface LifecycleEventRecord {
  lifecycleEventName: string;
  status: LifecycleEventStatus;
  /**
   * The id a Lambda or ECS hook function reports back with through
   * PutLifecycleEventHookExecutionStatus. Every event has one; only hook functions ever see it.
   */
  hookExecutionId: string;
  startTime?: number;
  endTime?: number;
  diagnostics?: Diagnostics;
}

/** One target of a deployment with its lifecycle events (times in epoch ms). */
export interface DeploymentTargetRecord {
  deploymentId: string;
  /** The instance name, the Lambda function (`name:alias`) or the ECS service (`cluster:service`). */
  targetId: string;
  targetType: DeploymentTargetType;
  targetArn?: string;
  status: TargetStatus;
  /** Server targets: `Blue` for original (and in-place) instances, `Green` for replacements. */
  instanceLabel?: TargetLabel;
  lastUpdatedAt: number;
  lifecycleEvents: LifecycleEventRecord[];
  lambdaFunctionInfo?: LambdaFunctionInfo;
  taskSetsInfo?: ECSTaskSet[];
}

/** Filters and position for list. */
export interface TargetListOptions {
  deploymentId: string;
  /** Only targets in one of these statuses (empty or absent: any). */
  statuses?: readonly TargetStatus[];
  /** Only targets with one of these labels (empty or absent: any). */
  labels?: readonly TargetLabel[];
  /** Only target ids after this one (the page position). */
  after?: string;
  limit: number;
}

type TargetRow = Database['deployment_targets'];

/** The JSON body of a target row: everything not kept in a column of its own. */
type TargetBody = Omit<DeploymentTargetRecord, 'deploymentId' | 'targetId' | 'status' | 'instanceLabel'>;

/**
 * DeploymentTargetStore reads each deployment's targets and their lifecycle events. Targets are
 * written together with their deployment, in DeploymentStore's transactions, so that a
 * deployment and its targets always change as one.
 */
export class DeploymentTargetStore {
  readonly #db: Kysely<Database>;

  constructor(options: { db: Kysely<Database>; clock: Clock }) {
    this.#db = options.db;
  }

  /** One target of a deployment, or undefined. */
  async get(deploymentId: string, targetId: string): Promise<DeploymentTargetRecord | undefined> {
    return (await this.batchGet(deploymentId, [targetId]))[0];
  }

  /** The given targets of a deployment, in request order, with undefined for unknown ids. */
  async batchGet(deploymentId: string, targetIds: readonly string[]): Promise<(DeploymentTargetRecord | undefined)[]> {
    if (targetIds.length === 0) return [];
    const rows = await this.#db.selectFrom('deployment_targets').selectAll()
      .where('deployment_id', '=', deploymentId).where('target_id', 'in', [...new Set(targetIds)]).execute();
    const byId = new Map(rows.map((r) => [r.target_id, targetFromRow(r)]));
    return targetIds.map((id) => byId.get(id));
  }

  /** Every target of a deployment, by target id. */
  async listAll(deploymentId: string): Promise<DeploymentTargetRecord[]> {
    return readTargets(this.#db, deploymentId);
  }

  /** One page of target ids of a deployment, by target id, filtered by status and label. */
  async list(options: TargetListOptions): Promise<string[]> {
    let query = this.#db.selectFrom('deployment_targets').select('target_id')
      .where('deployment_id', '=', options.deploymentId);
    if (options.statuses?.length) query = query.where('status', 'in', [...options.statuses]);
    if (options.labels?.length) query = query.where('instance_label', 'in', [...options.labels]);
    if (options.after !== undefined) query = query.where('target_id', '>', options.after);
    const rows = await query.orderBy('target_id').limit(options.limit).execute();
    return rows.map((r) => r.target_id);
  }
}

/** Every target of a deployment, read through `db` (a transaction or the database). */
export async function readTargets(db: Kysely<Database>, deploymentId: string): Promise<DeploymentTargetRecord[]> {
  const rows = await db.selectFrom('deployment_targets').selectAll()
    .where('deployment_id', '=', deploymentId).orderBy('target_id').execute();
  return rows.map(targetFromRow);
}

/** The row a target is stored as. */
export function targetRow(target: DeploymentTargetRecord): TargetRow {
  const { deploymentId, targetId, status, instanceLabel, ...body } = target;
  return {
    deployment_id: deploymentId,
    target_id: targetId,
    status,
    instance_label: instanceLabel ?? null,
    body: JSON.stringify(body satisfies TargetBody),
  };
}

/** The target a row holds. */
export function targetFromRow(row: TargetRow): DeploymentTargetRecord {
  const body = JSON.parse(row.body) as TargetBody;
  return {
    deploymentId: row.deployment_id,
    targetId: row.target_id,
    status: row.status as TargetStatus,
    ...(row.instance_label ? { instanceLabel: row.instance_label as TargetLabel } : {}),
    ...body,
    lastUpdatedAt: Number(body.lastUpdatedAt),
  };
}
