import { existsSync } from 'node:fs';
import { DEFAULT_BUNDLE_LIMITS } from './bundle/index.ts';
import { DEFAULT_BACKOFF, DEFAULT_POLL_INTERVAL_MS } from './backoff.ts';
import type { AgentConfig } from './config.ts';
import { ConfigError, ConfigReader, optional, readYamlMapping } from './config-values.ts';
import { DEFAULT_ON_PREMISES_CONFIG_FILE, environmentIdentity, readOnPremisesConfig, type HostIdentity } from './on-premises-config.ts';

/** The official agent's default deployment root. */
export const OFFICIAL_ROOT_DIR = '/opt/codedeploy-agent/deployment-root';

// Keys of codedeployagent.yml that Cutover's agent reads past; a warning says why when set.
const IGNORED_WHEN_SET: Record<string, string> = {
  ':proxy_uri': 'HTTP proxies are not supported; the agent connects directly',
  ':enable_auth_policy': 'the secure command model is not served by Cutover; the standard one is used',
  ':use_fips_mode': 'FIPS endpoints do not apply to a Cutover server',
  ':use_mock_command_service': 'the mock command service does not apply to a Cutover server',
};

/**
 * Reads the official agent's `codedeployagent.yml` (symbol keys such as `:root_dir:`,
 * host-agent.md §0) and the on-premises config file it names, so an existing host can switch
 * to Cutover's agent without new files. `:deploy_control_endpoint:` is required: Cutover has no
 * cloud endpoint to default to. When the on-premises file does not exist, the identity comes
 * from `AWS_HOST_IDENTIFIER`, `AWS_REGION` and the key variables, as the official agent's test
 * profiles allow.
 */
export function readOfficialAgentConfig(file: string, env: NodeJS.ProcessEnv): AgentConfig {
  const reader = new ConfigReader(readYamlMapping(file, 'Official agent config file'));
  const endpoint = reader.url(':deploy_control_endpoint');
  if (!endpoint) throw reader.error(':deploy_control_endpoint', 'is required: Cutover\'s agent needs the server\'s URL (e.g. http://cutover.internal:8700)');
  const identity = officialIdentity(reader, env);
  const s3Endpoint = reader.url(':s3_endpoint_override');
  return {
    endpoint,
    region: identity.region,
    hostIdentifier: identity.hostIdentifier,
    credentials: identity.credentials,
    rootDir: reader.string(':root_dir') ?? OFFICIAL_ROOT_DIR,
    ...optional('logDir', reader.string(':log_dir')),
    maxRevisions: reader.number(':max_revisions', { integer: true, min: 1 }) ?? 5,
    s3: { ...optional('endpoint', s3Endpoint), region: identity.region, credentials: identity.credentials },
    verifySpecification: true,
    pollBackoff: DEFAULT_BACKOFF,
    pollIntervalMs: DEFAULT_POLL_INTERVAL_MS,
    bundleLimits: DEFAULT_BUNDLE_LIMITS,
    warnings: ignoredKeyWarnings(reader, file),
    source: file,
  };
}

function officialIdentity(reader: ConfigReader, env: NodeJS.ProcessEnv): HostIdentity {
  const onPremisesFile = reader.string(':on_premises_config_file') ?? DEFAULT_ON_PREMISES_CONFIG_FILE;
  if (existsSync(onPremisesFile)) return readOnPremisesConfig(onPremisesFile);
  const fromEnv = environmentIdentity(env);
  if (fromEnv) return fromEnv;
  throw new ConfigError(`On-premises config file ${onPremisesFile} does not exist, and AWS_HOST_IDENTIFIER is not set (${reader.has(':on_premises_config_file') ? "named by ':on_premises_config_file:'" : 'the official default'})`);
}

function ignoredKeyWarnings(reader: ConfigReader, file: string): string[] {
  const warnings: string[] = [];
  for (const [key, why] of Object.entries(IGNORED_WHEN_SET)) {
    if (reader.has(key) && isSet(reader, key)) warnings.push(`${file}: '${key}:' is ignored: ${why}`);
  }
  const children = reader.number(':children', { integer: true });
  if (children !== undefined && children !== 1) warnings.push(`${file}: ':children:' is ignored: Cutover's agent always runs one command at a time`);
  return warnings;
}

// A key counts as set when it holds anything but false.
function isSet(reader: ConfigReader, key: string): boolean {
  try {
    return reader.boolean(key) !== false;
  } catch {
    return true;
  }
}
