/**
 * Tables as Kysely sees them. Columns are snake_case; repositories map them to the camelCase
 * AWS shapes. Times are epoch milliseconds; nested AWS structures are JSON text, so that both
 * dialects store and return them alike.
 */
export interface Database {
  settings: { key: string; value: string };
  access_keys: {
    access_key_id: string;
    secret_ciphertext: string;
    role: string;
    instance_name: string | null;
    description: string;
    create_time: number;
    revoked_time: number | null;
  };
  applications: {
    application_name: string;
    application_id: string;
    compute_platform: string;
    create_time: number;
    linked_to_github: number;
    github_account_name: string | null;
  };
  deployment_configs: {
    deployment_config_name: string;
    deployment_config_id: string;
    compute_platform: string;
    body: string;
    create_time: number;
  };
  deployment_groups: {
    deployment_group_id: string;
    application_name: string;
    deployment_group_name: string;
    deployment_config_name: string;
    body: string;
  };
  resource_tags: { resource_arn: string; tag_key: string; tag_value: string };
  deployments: {
    deployment_id: string;
    application_name: string;
    deployment_group_name: string;
    status: string;
    create_time: number;
    complete_time: number | null;
    body: string;
    version: number;
    external_id: string | null;
  };
  deployment_targets: {
    deployment_id: string;
    target_id: string;
    status: string;
    body: string;
    instance_label: string | null;
  };
  revisions: {
    application_name: string;
    revision_key: string;
    revision: string;
    description: string | null;
    register_time: number;
    first_used_time: number | null;
    last_used_time: number | null;
    deployment_groups: string;
  };
  instances: {
    instance_name: string;
    iam_session_arn: string | null;
    iam_user_arn: string | null;
    instance_arn: string;
    register_time: number;
    deregister_time: number | null;
  };
  instance_tags: { instance_name: string; tag_key: string; tag_value: string };
  github_tokens: { token_name: string };
  host_commands: {
    host_command_id: string;
    deployment_id: string;
    instance_name: string;
    command_name: string;
    status: string;
    nonce: number;
    create_time: number;
    dispatch_time: number | null;
    acknowledge_time: number | null;
    complete_time: number | null;
    diagnostics: string | null;
    timeout_seconds: number | null;
    log: string | null;
  };
  /** Embedded bundle store (migration 005): buckets, objects, multipart uploads and their parts. */
  bundle_buckets: { bucket_name: string; create_time: number };
  bundle_objects: {
    bucket_name: string;
    object_key: string;
    key_order: string;
    blob_id: string;
    size: number;
    etag: string;
    content_type: string;
    metadata: string;
    last_modified: number;
  };
  bundle_uploads: { upload_id: string; bucket_name: string; object_key: string; content_type: string; metadata: string; create_time: number };
  bundle_parts: { upload_id: string; part_number: number; blob_id: string; size: number; etag: string; last_modified: number };
}
