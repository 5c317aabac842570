import type { Kysely } from 'kysely';

/** Creates the control-plane tables. Types are portable: text, bigint (epoch ms), integer. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createTable('access_keys')
    .addColumn('access_key_id', 'text', (c) => c.primaryKey())
    .addColumn('secret_ciphertext', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('instance_name', 'text')
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .addColumn('revoked_time', 'bigint')
    .execute();
  await db.schema.createTable('applications')
    .addColumn('application_name', 'text', (c) => c.primaryKey())
    .addColumn('application_id', 'text', (c) => c.notNull().unique())
    .addColumn('compute_platform', 'text', (c) => c.notNull())
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .addColumn('linked_to_github', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('github_account_name', 'text')
    .execute();
  await db.schema.createTable('deployment_configs')
    .addColumn('deployment_config_name', 'text', (c) => c.primaryKey())
    .addColumn('deployment_config_id', 'text', (c) => c.notNull().unique())
    .addColumn('compute_platform', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createTable('deployment_groups')
    .addColumn('deployment_group_id', 'text', (c) => c.primaryKey())
    .addColumn('application_name', 'text', (c) => c.notNull())
    .addColumn('deployment_group_name', 'text', (c) => c.notNull())
    .addColumn('deployment_config_name', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addUniqueConstraint('deployment_groups_app_name', ['application_name', 'deployment_group_name'])
    .execute();
  await db.schema.createTable('resource_tags')
    .addColumn('resource_arn', 'text', (c) => c.notNull())
    .addColumn('tag_key', 'text', (c) => c.notNull())
    .addColumn('tag_value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('resource_tags_pk', ['resource_arn', 'tag_key'])
    .execute();
  await createDeploymentTables(db);
  await createInstanceTables(db);
}

async function createDeploymentTables(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('deployments')
    .addColumn('deployment_id', 'text', (c) => c.primaryKey())
    .addColumn('application_name', 'text', (c) => c.notNull())
    .addColumn('deployment_group_name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .addColumn('complete_time', 'bigint')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('deployments_by_group')
    .on('deployments').columns(['application_name', 'deployment_group_name', 'create_time']).execute();
  await db.schema.createIndex('deployments_by_status').on('deployments').columns(['status']).execute();
  await db.schema.createTable('deployment_targets')
    .addColumn('deployment_id', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('deployment_targets_pk', ['deployment_id', 'target_id'])
    .execute();
  await db.schema.createTable('revisions')
    .addColumn('application_name', 'text', (c) => c.notNull())
    .addColumn('revision_key', 'text', (c) => c.notNull())
    .addColumn('revision', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('register_time', 'bigint', (c) => c.notNull())
    .addColumn('first_used_time', 'bigint')
    .addColumn('last_used_time', 'bigint')
    .addColumn('deployment_groups', 'text', (c) => c.notNull().defaultTo('[]'))
    .addPrimaryKeyConstraint('revisions_pk', ['application_name', 'revision_key'])
    .execute();
}

async function createInstanceTables(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('instances')
    .addColumn('instance_name', 'text', (c) => c.primaryKey())
    .addColumn('iam_session_arn', 'text')
    .addColumn('iam_user_arn', 'text')
    .addColumn('instance_arn', 'text', (c) => c.notNull())
    .addColumn('register_time', 'bigint', (c) => c.notNull())
    .addColumn('deregister_time', 'bigint')
    .execute();
  await db.schema.createTable('instance_tags')
    .addColumn('instance_name', 'text', (c) => c.notNull())
    .addColumn('tag_key', 'text', (c) => c.notNull())
    .addColumn('tag_value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('instance_tags_pk', ['instance_name', 'tag_key'])
    .execute();
  await db.schema.createTable('github_tokens')
    .addColumn('token_name', 'text', (c) => c.primaryKey())
    .execute();
}

/** Drops everything `up` created. */
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['github_tokens', 'instance_tags', 'instances', 'revisions', 'deployment_targets',
    'deployments', 'resource_tags', 'deployment_groups', 'deployment_configs', 'applications', 'access_keys', 'settings']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
