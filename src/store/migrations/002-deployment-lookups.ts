import { sql, type Kysely } from 'kysely';

/** Statuses of an active deployment (core/deployment.ts ACTIVE_DEPLOYMENT_STATUSES), frozen here. */
const ACTIVE = ['Created', 'Queued', 'InProgress', 'Baking', 'Ready'];

/**
 * Adds what deployment lookups filter on: the external id (ListDeployments, and
 * DeleteResourcesByExternalId), each target's blue/green label (target and instance filters),
 * and a partial unique index that lets at most one deployment per group be active.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('deployments').addColumn('external_id', 'text').execute();
  await db.schema.createIndex('deployments_by_external_id').on('deployments').column('external_id').execute();
  await db.schema.alterTable('deployment_targets').addColumn('instance_label', 'text').execute();
  // The one-active-deployment-per-group limit, enforced by the database as well, so that two
  // CreateDeployment calls racing on PostgreSQL cannot both pass the check. Literal values:
  // PostgreSQL accepts no bound parameters in DDL.
  const active = sql.join(ACTIVE.map((s) => sql.lit(s)));
  await db.schema.createIndex('deployments_one_active_per_group').unique().on('deployments')
    .columns(['application_name', 'deployment_group_name'])
    .where(sql<boolean>`status in (${active})`).execute();
}

/** Removes what `up` added. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('deployments_one_active_per_group').execute();
  await db.schema.dropIndex('deployments_by_external_id').execute();
  await db.schema.alterTable('deployment_targets').dropColumn('instance_label').execute();
  await db.schema.alterTable('deployments').dropColumn('external_id').execute();
}
