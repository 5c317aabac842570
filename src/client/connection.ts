import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { SigningCredentials } from './sign-request.ts';

/** Where a tool finds a Cutover server, and as whom it calls it. */
export interface Connection {
  endpoint: string;
  region: string;
  credentials: SigningCredentials;
}

/** Flags a tool may have been given; everything else comes from the environment. */
export interface ConnectionFlags {
  endpointUrl?: string;
  profile?: string;
  region?: string;
}

/** The server a tool talks to when nothing says otherwise: `cutover server`'s defaults. */
export const DEFAULT_ENDPOINT = 'http://127.0.0.1:8700';

/** The admin credentials `cutover server` writes on first start into its default data directory. */
export const LOCAL_ADMIN_CREDENTIALS = join(process.env.CUTOVER_DATA_DIR ?? join(homedir(), '.cutover'), 'admin-credentials');

/**
 * Resolves the endpoint (flag, CUTOVER_ENDPOINT, AWS_ENDPOINT_URL_CODEDEPLOY, AWS_ENDPOINT_URL,
 * then the local default) and credentials (the AWS chain: flags' profile, environment, shared
 * files; then, on the server's own machine, its admin credentials file). Throws a message a
 * person can act on when no credentials are found.
 */
export async function resolveConnection(flags: ConnectionFlags = {}): Promise<Connection> {
  const endpoint = flags.endpointUrl ?? process.env.CUTOVER_ENDPOINT ?? process.env.AWS_ENDPOINT_URL_CODEDEPLOY
    ?? process.env.AWS_ENDPOINT_URL ?? DEFAULT_ENDPOINT;
  const region = flags.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  return { endpoint, region, credentials: await resolveCredentials(flags.profile) };
}

async function resolveCredentials(profile: string | undefined): Promise<SigningCredentials> {
  try {
    return await defaultProvider({ profile })();
  } catch (error) {
    if (!profile && existsSync(LOCAL_ADMIN_CREDENTIALS)) {
      return defaultProvider({ profile: 'default', filepath: LOCAL_ADMIN_CREDENTIALS, configFilepath: '/dev/null' })();
    }
    throw new Error(`no credentials found (${(error as Error).message}); set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or use --profile`, { cause: error });
  }
}
