import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import type { HealthByTarget } from './plan/deployment-step.ts';

/**
 * Reads each target's health from the deployments before this one: an instance is unhealthy
 * when the last deployment that reached it (Succeeded or Failed there, not Skipped) failed on it,
 * and its revision is Current when that deployment succeeded with the same revision, Old when
 * any earlier deployment reached it, and Unknown when none did.
 */
export async function readInstanceHealth(db: Kysely<Database>, options: {
  deploymentId: string;
  targetIds: readonly string[];
  revisionKey: string;
}): Promise<HealthByTarget> {
  const health = new Map<string, { initiallyHealthy: boolean; revisionHealth: 'Unknown' | 'Old' | 'Current' }>();
  if (options.targetIds.length === 0) return health;
  const rows = await db.selectFrom('deployment_targets as t')
    .innerJoin('deployments as d', 'd.deployment_id', 't.deployment_id')
    .select(['t.target_id', 't.status', 'd.body', 'd.create_time'])
    .where('t.target_id', 'in', [...options.targetIds])
    .where('t.deployment_id', '!=', options.deploymentId)
    .where('t.status', 'in', ['Succeeded', 'Failed'])
    .orderBy('d.create_time', 'desc').execute();
  for (const row of rows) {
    if (health.has(row.target_id)) continue;
    const revision = JSON.stringify((JSON.parse(row.body) as { revision?: unknown }).revision ?? null);
    const current = row.status === 'Succeeded' && revision === options.revisionKey;
    health.set(row.target_id, { initiallyHealthy: row.status === 'Succeeded', revisionHealth: current ? 'Current' : 'Old' });
  }
  return health;
}
