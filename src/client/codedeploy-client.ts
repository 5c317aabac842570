import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { S3Client } from '@aws-sdk/client-s3';
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
 * An S3 SDK v3 client for bundles: path-style (the embedded bundle store and most self-hosted
 * stores serve no virtual-host buckets), on `endpoint` or else the Cutover server itself.
 */
export function s3ClientFor(connection: Connection, endpoint?: string): S3Client {
  quietNodeVersionWarning();
  return new S3Client({
    endpoint: endpoint ?? connection.endpoint, region: connection.region, credentials: connection.credentials, forcePathStyle: true,
    // Checksums only when S3 requires them: self-hosted stores may not know the newer headers.
    requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

// The SDK warns once per process about Node versions it will drop next year; a CLI that prints
// that on every command would bury its own output. An explicit setting is left alone.
function quietNodeVersionWarning(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}
