import type { Kysely } from 'kysely';

/**
 * Adds host commands: one row per lifecycle event handed to a host agent, from creation through
 * delivery (PollHostCommand), acknowledgement and completion. The engine creates them; the
 * host-command API delivers and completes them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('host_commands')
    .addColumn('host_command_id', 'text', (c) => c.primaryKey())
    .addColumn('deployment_id', 'text', (c) => c.notNull())
    .addColumn('instance_name', 'text', (c) => c.notNull())
    .addColumn('command_name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('nonce', 'bigint', (c) => c.notNull())
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .addColumn('dispatch_time', 'bigint')
    .addColumn('acknowledge_time', 'bigint')
    .addColumn('complete_time', 'bigint')
    .addColumn('diagnostics', 'text')
    .addColumn('timeout_seconds', 'integer')
    .addColumn('log', 'text')
    .execute();
  await db.schema.createIndex('host_commands_by_instance').on('host_commands').columns(['instance_name', 'status']).execute();
  await db.schema.createIndex('host_commands_by_deployment').on('host_commands').column('deployment_id').execute();
}

/** Removes what `up` added. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('host_commands').execute();
}
