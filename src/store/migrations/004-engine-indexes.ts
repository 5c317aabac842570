import type { Kysely } from 'kysely';

/**
 * Indexes the engine's per-pass lookups: outstanding host commands by status (which hosts are
 * busy), and a host's past targets across deployments (instance health).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('host_commands_by_status').on('host_commands').columns(['status', 'instance_name']).execute();
  await db.schema.createIndex('deployment_targets_by_target').on('deployment_targets').columns(['target_id', 'status']).execute();
}

/** Removes what `up` added. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('deployment_targets_by_target').execute();
  await db.schema.dropIndex('host_commands_by_status').execute();
}
