import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import type { Connection } from './connection.ts';

/**
 * A CodeDeploy SDK v3 client for a Connection. One attempt only: a person at a terminal wants
 * "connection refused" at once, not after the SDK's three tries with backoff.
 */
export function codeDeployClientFor(connection: Connection): CodeDeployClient {
  quietNodeVersionWarning();
  return new CodeDeployClient({ endpoint: connection.endpoint, region: connection.region, credentials: connection.credentials, maxAttempts: 1 });
}

/**
 * Keeps the SDK from warning, once per process, about Node versions it will drop next year: a
 * CLI that printed that on every command would bury its own output. An explicit setting stays.
 */
export function quietNodeVersionWarning(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}
