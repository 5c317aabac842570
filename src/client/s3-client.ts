import { S3Client } from '@aws-sdk/client-s3';
import { quietNodeVersionWarning } from './codedeploy-client.ts';
import type { Connection } from './connection.ts';

// Its own module: the S3 client takes a second to load, and only `cutover push` needs it.

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

