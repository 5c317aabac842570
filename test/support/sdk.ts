import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import type { Credentials } from './server-process.ts';

/** An AWS SDK v3 CodeDeploy client pointed at a Cutover server. */
export function codeDeployClient(url: string, credentials: Credentials): CodeDeployClient {
  return new CodeDeployClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
}
