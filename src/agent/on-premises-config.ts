import { ConfigError, ConfigReader, readYamlMapping } from './config-values.ts';
import { fileCredentials, staticCredentials, type CredentialSource } from './credentials.ts';

/** The official agent's default on-premises config file. */
export const DEFAULT_ON_PREMISES_CONFIG_FILE = '/etc/codedeploy-agent/conf/codedeploy.onpremises.yml';

/** Who the host is and how it signs: what an on-premises config file provides. */
export interface HostIdentity {
  hostIdentifier: string;
  region: string;
  credentials: CredentialSource;
}

/**
 * Reads the official agent's on-premises config file (`codedeploy.onpremises.yml`, plain keys),
 * host-agent.md §1.5: either `iam_user_arn` with `aws_access_key_id`, `aws_secret_access_key`
 * and `region`, or `iam_session_arn` with `aws_credentials_file` and `region`. Errors carry the
 * official agent's messages, prefixed with the file name.
 */
export function readOnPremisesConfig(file: string): HostIdentity {
  const reader = new ConfigReader(readYamlMapping(file, 'On-premises config file'));
  const fail = (message: string) => new ConfigError(`${file}: ${message}`);
  const userArn = reader.string('iam_user_arn');
  const sessionArn = reader.string('iam_session_arn');
  if (userArn && sessionArn) throw fail("On Premises config cannot contain both 'iam_user_arn' and 'iam_session_arn' keys.");
  if (!userArn && !sessionArn) throw fail("On Premises config must contain either 'iam_user_arn' or 'iam_session_arn'.");
  const arnKey = userArn ? 'iam_user_arn' : 'iam_session_arn';
  const required = (key: string) => {
    const value = reader.string(key);
    if (!value) throw fail(`'${key}' key is required when '${arnKey}' is provided.`);
    return value;
  };
  if (userArn) {
    const credentials = { accessKeyId: required('aws_access_key_id'), secretAccessKey: required('aws_secret_access_key') };
    return { hostIdentifier: userArn, region: required('region'), credentials: staticCredentials(credentials, `${file} (iam_user_arn)`) };
  }
  const credentialsFile = required('aws_credentials_file');
  return { hostIdentifier: sessionArn!, region: required('region'), credentials: fileCredentials(credentialsFile) };
}

/**
 * The identity the official agent takes from its environment when run with a `beta`/`gamma`
 * test profile (host-agent.md §1.5): `AWS_HOST_IDENTIFIER`, `AWS_REGION` and a key pair
 * (`AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`, or the legacy `AWS_ACCESS_KEY`/`AWS_SECRET_KEY`).
 * Returns undefined when the environment does not name a host.
 */
export function environmentIdentity(env: NodeJS.ProcessEnv): HostIdentity | undefined {
  const hostIdentifier = env.AWS_HOST_IDENTIFIER;
  if (!hostIdentifier) return undefined;
  const accessKeyId = env.AWS_ACCESS_KEY_ID ?? env.AWS_ACCESS_KEY;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY ?? env.AWS_SECRET_KEY;
  if (!accessKeyId || !secretAccessKey) throw new ConfigError('AWS_HOST_IDENTIFIER is set but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not');
  const sessionToken = env.AWS_SESSION_TOKEN;
  const credentials = { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
  return { hostIdentifier, region: env.AWS_REGION ?? 'us-east-1', credentials: staticCredentials(credentials, 'environment') };
}
