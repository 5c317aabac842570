import { userInfo } from 'node:os';
import type { BundleRevision } from '../bundle/bundle-revision.ts';
import type { HookDeployment } from './hook-types.ts';
import type { HostUser } from './run-as-user.ts';

/** The PATH hooks get: the standard system directories, whatever the agent's own PATH is. */
export const DEFAULT_HOOK_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Agent variables passed through to hooks: locale and time zone only. */
const PASSED_THROUGH = /^(LANG|LANGUAGE|TZ|LC_[A-Z_]+)$/;

/** Credential variables that never reach a hook, whoever sets them. */
const CREDENTIAL_NAMES = /^(AWS_(ACCESS_KEY(_ID)?|SECRET(_ACCESS)?_KEY|SESSION_TOKEN|SECURITY_TOKEN|CREDENTIAL_FILE|SHARED_CREDENTIALS_FILE|CONFIG_FILE|WEB_IDENTITY_TOKEN_FILE|CONTAINER_AUTHORIZATION_TOKEN(_FILE)?|CONTAINER_CREDENTIALS_(FULL|RELATIVE)_URI|PROFILE)|CUTOVER_[A-Z0-9_]*(KEY|SECRET|TOKEN|PASSWORD)[A-Z0-9_]*)$/;

/**
 * Builds a hook's environment from a clean base instead of the agent's own, so the agent's
 * credentials never leak into scripts (the official agent passes its whole environment,
 * on-premises keys included; see host-agent.md §7):
 * - PATH is {@link DEFAULT_HOOK_PATH}; HOME, USER, LOGNAME and SHELL are the runas user's, or
 *   the agent's when there is none; LANG, LC_* and TZ pass through;
 * - `extra` (operator-configured variables) is added, minus credential names;
 * - then LIFECYCLE_EVENT, DEPLOYMENT_ID, APPLICATION_NAME, DEPLOYMENT_GROUP_NAME,
 *   DEPLOYMENT_GROUP_ID, and BUNDLE_BUCKET/KEY/VERSION/ETAG (S3) or BUNDLE_COMMIT (GitHub);
 * - finally any variable whose value contains one of `secrets` is dropped.
 */
export function buildHookEnvironment(options: {
  event: string; deployment: HookDeployment; user?: HostUser;
  agentEnv?: NodeJS.ProcessEnv; extra?: Record<string, string>; secrets?: readonly string[];
}): Record<string, string> {
  const agentEnv = options.agentEnv ?? process.env;
  const env: Record<string, string> = { PATH: DEFAULT_HOOK_PATH, ...identity(options.user, agentEnv) };
  for (const [name, value] of Object.entries(agentEnv)) if (PASSED_THROUGH.test(name) && value !== undefined) env[name] = value;
  for (const [name, value] of Object.entries(options.extra ?? {})) if (!CREDENTIAL_NAMES.test(name)) env[name] = value;
  Object.assign(env, deploymentVariables(options.event, options.deployment));
  return withoutSecrets(env, options.secrets ?? []);
}

function identity(user: HostUser | undefined, agentEnv: NodeJS.ProcessEnv): Record<string, string> {
  if (user) return { HOME: user.home, USER: user.name, LOGNAME: user.name, SHELL: user.shell };
  const self = userInfo();
  return {
    HOME: agentEnv.HOME ?? self.homedir, USER: agentEnv.USER ?? self.username,
    LOGNAME: agentEnv.LOGNAME ?? self.username, SHELL: agentEnv.SHELL ?? (self.shell || '/bin/sh'),
  };
}

function deploymentVariables(event: string, deployment: HookDeployment): Record<string, string> {
  return {
    LIFECYCLE_EVENT: event,
    DEPLOYMENT_ID: deployment.deploymentId,
    APPLICATION_NAME: deployment.applicationName,
    DEPLOYMENT_GROUP_NAME: deployment.deploymentGroupName,
    DEPLOYMENT_GROUP_ID: deployment.deploymentGroupId,
    ...bundleVariables(deployment.revision),
  };
}

function bundleVariables(revision: BundleRevision | undefined): Record<string, string> {
  if (revision?.revisionType === 'GitHub') return { BUNDLE_COMMIT: revision.commitId };
  if (revision?.revisionType !== 'S3') return {};
  const vars: Record<string, string> = { BUNDLE_BUCKET: revision.bucket, BUNDLE_KEY: revision.key };
  if (revision.version) vars.BUNDLE_VERSION = revision.version;
  if (revision.eTag) vars.BUNDLE_ETAG = revision.eTag;
  return vars;
}

function withoutSecrets(env: Record<string, string>, secrets: readonly string[]): Record<string, string> {
  const real = secrets.filter((s) => s.length > 0);
  return Object.fromEntries(Object.entries(env).filter(([, value]) => !real.some((secret) => value.includes(secret))));
}
