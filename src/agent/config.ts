import { DEFAULT_BUNDLE_LIMITS, type BundleLimits } from './bundle/index.ts';
import { DEFAULT_BACKOFF, DEFAULT_POLL_INTERVAL_MS, type BackoffSettings } from './backoff.ts';
import { ConfigError, ConfigReader, optional, readText, readYamlMapping, secondsToMs } from './config-values.ts';
import { fileCredentials, staticCredentials, type CredentialSource } from './credentials.ts';
import { readOfficialAgentConfig } from './official-config.ts';
import { readOnPremisesConfig, type HostIdentity } from './on-premises-config.ts';

export { ConfigError } from './config-values.ts';

/** Where `cutover agent` looks for its configuration when given no flag. */
export const DEFAULT_CONFIG_FILE = '/etc/cutover/agent.yml';
/** Cutover's default deployment root (the official agent's is under /opt/codedeploy-agent). */
export const DEFAULT_ROOT_DIR = '/var/lib/cutover-agent/deployment-root';

/** Everything the agent process needs, resolved from one of the accepted configuration files. */
export interface AgentConfig {
  /** Base URL of the host-command API (the Cutover server). */
  endpoint: string;
  /** Signing region. */
  region: string;
  /** This host's identifier: the IAM user or session ARN it was registered with. */
  hostIdentifier: string;
  credentials: CredentialSource;
  /** The deployment root; its layout is the official agent's. */
  rootDir: string;
  /** When set, the agent's JSON log is also appended to `<logDir>/cutover-agent.log`. */
  logDir?: string;
  /** Revisions kept per deployment group (integer ≥ 1). */
  maxRevisions: number;
  s3: { endpoint?: string; region: string; credentials: CredentialSource };
  /** Refuse a specification whose PKCS#7 signature does not verify. */
  verifySpecification: boolean;
  /** PEM certificate the specification's signer must be (or be issued by). */
  specificationCertificate?: string;
  pollBackoff: BackoffSettings;
  pollIntervalMs: number;
  bundleLimits: BundleLimits;
  /** Things worth a warning at start-up (official keys Cutover ignores, and the like). */
  warnings: string[];
  /** The file(s) the configuration came from. */
  source: string;
}

/** Which file to read: Cutover's own, or the official agent's `codedeployagent.yml`. */
export interface ConfigLocation {
  configFile?: string;
  officialConfigFile?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Loads the agent's configuration from Cutover's YAML file (`--config`, default
 * {@link DEFAULT_CONFIG_FILE}) or from the official agent's files (`--official-config`).
 * Throws a {@link ConfigError} naming the file and key at fault.
 */
export function loadAgentConfig(location: ConfigLocation): AgentConfig {
  if (location.configFile && location.officialConfigFile) throw new ConfigError('give either --config or --official-config, not both');
  if (location.officialConfigFile) return readOfficialAgentConfig(location.officialConfigFile, location.env ?? process.env);
  return readCutoverConfig(location.configFile ?? DEFAULT_CONFIG_FILE);
}

const KEYS = [
  'endpoint', 'region', 'host_identifier', 'access_key_id', 'secret_access_key', 'session_token', 'credentials_file',
  'credentials_profile', 'on_premises_config_file', 'root_dir', 'log_dir', 'max_revisions', 's3_endpoint', 's3_region',
  's3_access_key_id', 's3_secret_access_key', 's3_credentials_file', 'verify_specification', 'specification_certificate',
  'poll_backoff', 'poll_interval_seconds', 'bundle_limits',
] as const;

/** Reads Cutover's agent configuration file (`agent.yml`, snake_case keys; see docs/agent.md). */
export function readCutoverConfig(file: string): AgentConfig {
  const reader = new ConfigReader(readYamlMapping(file, 'Agent config file'));
  reader.refuseUnknown(KEYS);
  const identity = hostIdentity(reader);
  const certificateFile = reader.string('specification_certificate');
  return {
    endpoint: reader.url('endpoint') ?? reader.requiredString('endpoint'),
    region: identity.region,
    hostIdentifier: identity.hostIdentifier,
    credentials: identity.credentials,
    rootDir: reader.string('root_dir') ?? DEFAULT_ROOT_DIR,
    ...optional('logDir', reader.string('log_dir')),
    maxRevisions: reader.number('max_revisions', { integer: true, min: 1 }) ?? 5,
    s3: s3Settings(reader, identity),
    verifySpecification: reader.boolean('verify_specification') ?? true,
    ...optional('specificationCertificate', certificateFile && readText(certificateFile, 'Specification certificate')),
    pollBackoff: backoffSettings(reader.section('poll_backoff')),
    pollIntervalMs: secondsToMs(reader.number('poll_interval_seconds', { min: 0 })) ?? DEFAULT_POLL_INTERVAL_MS,
    bundleLimits: bundleLimits(reader.section('bundle_limits')),
    warnings: [],
    source: file,
  };
}

// Identity and credentials: inline keys, a credentials file, or an official on-premises file.
function hostIdentity(reader: ConfigReader): HostIdentity {
  const onPremisesFile = reader.string('on_premises_config_file');
  if (onPremisesFile) {
    const official = readOnPremisesConfig(onPremisesFile);
    return {
      hostIdentifier: reader.string('host_identifier') ?? official.hostIdentifier,
      region: reader.string('region') ?? official.region,
      credentials: reader.has('access_key_id') || reader.has('credentials_file') ? credentialSource(reader) : official.credentials,
    };
  }
  return { hostIdentifier: reader.requiredString('host_identifier'), region: reader.string('region') ?? 'us-east-1', credentials: credentialSource(reader) };
}

function credentialSource(reader: ConfigReader): CredentialSource {
  const file = reader.string('credentials_file');
  if (file && reader.has('access_key_id')) throw reader.error('credentials_file', 'cannot be combined with access_key_id');
  if (file) return fileCredentials(file, reader.string('credentials_profile') ?? 'default');
  if (!reader.has('access_key_id')) throw reader.error('access_key_id', 'is required (or give credentials_file or on_premises_config_file)');
  const sessionToken = reader.string('session_token');
  return staticCredentials({
    accessKeyId: reader.requiredString('access_key_id'),
    secretAccessKey: reader.requiredString('secret_access_key'),
    ...(sessionToken ? { sessionToken } : {}),
  }, 'access_key_id in the config file');
}

function s3Settings(reader: ConfigReader, identity: HostIdentity): AgentConfig['s3'] {
  const endpoint = reader.url('s3_endpoint');
  const file = reader.string('s3_credentials_file');
  let credentials = identity.credentials;
  if (file) credentials = fileCredentials(file);
  else if (reader.has('s3_access_key_id')) {
    credentials = staticCredentials({ accessKeyId: reader.requiredString('s3_access_key_id'), secretAccessKey: reader.requiredString('s3_secret_access_key') }, 's3_access_key_id in the config file');
  }
  return { ...optional('endpoint', endpoint), region: reader.string('s3_region') ?? identity.region, credentials };
}

function backoffSettings(reader: ConfigReader): BackoffSettings {
  reader.refuseUnknown(['initial_seconds', 'max_seconds', 'multiplier']);
  const initialMs = secondsToMs(reader.number('initial_seconds', { exclusiveMin: 0 })) ?? DEFAULT_BACKOFF.initialMs;
  const maxMs = secondsToMs(reader.number('max_seconds', { exclusiveMin: 0 })) ?? Math.max(DEFAULT_BACKOFF.maxMs, initialMs);
  if (maxMs < initialMs) throw reader.error('max_seconds', 'must be at least initial_seconds');
  return { initialMs, maxMs, multiplier: reader.number('multiplier', { min: 1 }) ?? DEFAULT_BACKOFF.multiplier };
}

function bundleLimits(reader: ConfigReader): BundleLimits {
  reader.refuseUnknown(['max_bytes', 'max_entries']);
  return {
    maxBytes: reader.number('max_bytes', { integer: true, min: 1 }) ?? DEFAULT_BUNDLE_LIMITS.maxBytes,
    maxEntries: reader.number('max_entries', { integer: true, min: 1 }) ?? DEFAULT_BUNDLE_LIMITS.maxEntries,
  };
}

