import { existsSync } from 'node:fs';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import type { SigningCredentials } from '../../client/sign-request.ts';
import { DEFAULT_BUNDLE_LIMITS, DEFAULT_MAX_REVISIONS, type BundleLimits } from '../bundle/index.ts';
import { DEFAULT_CONFIG_FILE, DEFAULT_ROOT_DIR } from '../config.ts';
import { ConfigError, ConfigReader, readYamlMapping } from '../config-values.ts';
import { fileCredentials, staticCredentials, type CredentialSource } from '../credentials.ts';
import { OFFICIAL_ROOT_DIR } from '../official-config.ts';
import { DEFAULT_ON_PREMISES_CONFIG_FILE, readOnPremisesConfig } from '../on-premises-config.ts';
import { LocalDeploymentError } from './local-error.ts';

/** The official tool's default `--agent-configuration-file`. */
export const OFFICIAL_AGENT_CONFIG_FILE = '/etc/codedeploy-agent/conf/codedeployagent.yml';

/** What a local deployment takes from the agent configuration file. */
export interface LocalAgentSettings {
  rootDir: string;
  /** When set, the run is also logged to `<logDir>/codedeploy-local.log`. */
  logDir?: string;
  maxRevisions: number;
  bundleLimits: BundleLimits;
  /** S3 endpoint from the file (`:s3_endpoint_override:` or `s3_endpoint`). */
  s3Endpoint?: string;
  s3Region?: string;
  /** S3 credentials named by the file (on-premises file, keys, credentials file). */
  s3Credentials?: CredentialSource;
  /** The file read, or `built-in defaults`. */
  source: string;
}

/**
 * Reads `--agent-configuration-file`: the official agent's `codedeployagent.yml` (symbol keys:
 * `:root_dir:`, `:log_dir:`, `:max_revisions:`, `:s3_endpoint_override:`,
 * `:on_premises_config_file:`) or Cutover's `agent.yml` (`root_dir`, `log_dir`,
 * `max_revisions`, `s3_endpoint`, `s3_region`, credentials, `bundle_limits`). Keys that only
 * matter for talking to a server are ignored. Without the flag, the official default file is
 * read if it exists, then Cutover's, else built-in defaults; a file named by the flag must exist.
 */
export function readLocalAgentSettings(file: string | undefined): LocalAgentSettings {
  const chosen = file ?? [OFFICIAL_AGENT_CONFIG_FILE, DEFAULT_CONFIG_FILE].find((f) => existsSync(f));
  if (chosen === undefined) return defaults();
  if (!existsSync(chosen)) throw new LocalDeploymentError(`configuration file ${chosen} does not exist or is not readable`);
  try {
    const source = readYamlMapping(chosen, 'Agent configuration file');
    const reader = new ConfigReader(source);
    return Object.keys(source.values).some((k) => k.startsWith(':')) ? officialSettings(reader, chosen) : cutoverSettings(reader, chosen);
  } catch (err) {
    if (err instanceof ConfigError) throw new LocalDeploymentError(err.message);
    throw err;
  }
}

/**
 * Credentials for an S3 bundle: those the configuration names, else the AWS chain (environment,
 * shared files). Throws the fixed message `cutover local` prints when there are none.
 */
export async function s3CredentialsFor(settings: LocalAgentSettings): Promise<SigningCredentials> {
  if (settings.s3Credentials) return settings.s3Credentials.get();
  try {
    return await defaultProvider()();
  } catch (err) {
    throw new LocalDeploymentError(`no AWS credentials to download the bundle from S3 (${(err as Error).message}); set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or name them in the agent configuration file`);
  }
}

function defaults(): LocalAgentSettings {
  return { rootDir: DEFAULT_ROOT_DIR, maxRevisions: DEFAULT_MAX_REVISIONS, bundleLimits: DEFAULT_BUNDLE_LIMITS, source: 'built-in defaults' };
}

function officialSettings(reader: ConfigReader, file: string): LocalAgentSettings {
  const onPremisesFile = reader.string(':on_premises_config_file') ?? DEFAULT_ON_PREMISES_CONFIG_FILE;
  const identity = existsSync(onPremisesFile) ? readOnPremisesConfig(onPremisesFile) : undefined;
  return definedOnly({
    rootDir: reader.string(':root_dir') ?? OFFICIAL_ROOT_DIR,
    logDir: reader.string(':log_dir'),
    maxRevisions: reader.number(':max_revisions', { integer: true, min: 1 }) ?? DEFAULT_MAX_REVISIONS,
    bundleLimits: DEFAULT_BUNDLE_LIMITS,
    s3Endpoint: reader.url(':s3_endpoint_override'),
    s3Region: identity?.region,
    s3Credentials: identity?.credentials,
    source: file,
  });
}

function cutoverSettings(reader: ConfigReader, file: string): LocalAgentSettings {
  const onPremisesFile = reader.string('on_premises_config_file');
  const identity = onPremisesFile ? readOnPremisesConfig(onPremisesFile) : undefined;
  const limits = reader.section('bundle_limits');
  return definedOnly({
    rootDir: reader.string('root_dir') ?? DEFAULT_ROOT_DIR,
    logDir: reader.string('log_dir'),
    maxRevisions: reader.number('max_revisions', { integer: true, min: 1 }) ?? DEFAULT_MAX_REVISIONS,
    bundleLimits: {
      maxBytes: limits.number('max_bytes', { integer: true, min: 1 }) ?? DEFAULT_BUNDLE_LIMITS.maxBytes,
      maxEntries: limits.number('max_entries', { integer: true, min: 1 }) ?? DEFAULT_BUNDLE_LIMITS.maxEntries,
    },
    s3Endpoint: reader.url('s3_endpoint'),
    s3Region: reader.string('s3_region') ?? reader.string('region') ?? identity?.region,
    s3Credentials: configuredCredentials(reader, file) ?? identity?.credentials,
    source: file,
  });
}

// S3 keys first, then the agent's own keys, as the daemon uses them.
function configuredCredentials(reader: ConfigReader, file: string): CredentialSource | undefined {
  const credentialsFile = reader.string('s3_credentials_file') ?? reader.string('credentials_file');
  if (credentialsFile) return fileCredentials(credentialsFile, reader.string('credentials_profile') ?? 'default');
  for (const prefix of ['s3_', '']) {
    const accessKeyId = reader.string(`${prefix}access_key_id`);
    if (accessKeyId) {
      return staticCredentials({ accessKeyId, secretAccessKey: reader.requiredString(`${prefix}secret_access_key`) }, `${prefix}access_key_id in ${file}`);
    }
  }
  return undefined;
}

function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
