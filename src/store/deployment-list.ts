import type { Kysely } from 'kysely';
import type { DeploymentStatus } from '../core/deployment.ts';
import type { Database } from './schema.ts';

/** A page position in a deployment list: the create time and id of the last deployment returned. */
export interface DeploymentPosition {
  t: number;
  id: string;
}

/** Filters and position for DeploymentStore.list. Times are epoch ms, both ends inclusive. */
export interface DeploymentListOptions {
  applicationName?: string;
  deploymentGroupName?: string;
  statuses?: readonly DeploymentStatus[];
  createdFrom?: number;
  createdUntil?: number;
  externalId?: string;
  after?: DeploymentPosition;
  limit: number;
}

/** Returns true when a decoded nextToken position has the shape DeploymentStore.list expects. */
export function isDeploymentPosition(p: unknown): p is DeploymentPosition {
  const q = p as DeploymentPosition | null;
  return typeof q === 'object' && q !== null && typeof q.t === 'number' && typeof q.id === 'string';
}

/** One page of deployment ids, newest first (ties broken by id, descending). */
export async function listDeploymentIds(db: Kysely<Database>, options: DeploymentListOptions): Promise<{ deploymentId: string; position: DeploymentPosition }[]> {
  let query = db.selectFrom('deployments').select(['deployment_id', 'create_time']);
  if (options.applicationName !== undefined) query = query.where('application_name', '=', options.applicationName);
  if (options.deploymentGroupName !== undefined) query = query.where('deployment_group_name', '=', options.deploymentGroupName);
  if (options.statuses?.length) query = query.where('status', 'in', [...options.statuses]);
  if (options.createdFrom !== undefined) query = query.where('create_time', '>=', options.createdFrom);
  if (options.createdUntil !== undefined) query = query.where('create_time', '<=', options.createdUntil);
  if (options.externalId !== undefined) query = query.where('external_id', '=', options.externalId);
  const after = options.after;
  if (after) {
    query = query.where((eb) => eb.or([
      eb('create_time', '<', after.t),
      eb.and([eb('create_time', '=', after.t), eb('deployment_id', '<', after.id)]),
    ]));
  }
  const rows = await query.orderBy('create_time', 'desc').orderBy('deployment_id', 'desc').limit(options.limit).execute();
  return rows.map((r) => ({ deploymentId: r.deployment_id, position: { t: Number(r.create_time), id: r.deployment_id } }));
}
