import { createHash } from 'node:crypto';
import type {
  AlarmConfiguration, AutoRollbackConfiguration, CreateDeploymentInput, DeploymentGroupInfo,
} from '@aws-sdk/client-codedeploy';
import type { ComputePlatform } from '../../core/lifecycle.ts';
import { checkRevision, type RevisionLocation } from '../../core/revision.ts';
import { AwsError } from '../errors.ts';
import { checkAlarmConfiguration, checkAutoRollbackConfiguration } from '../resources/deployment-group-rules.ts';

/** The longest deployment description (codedeploy-semantics.md §13). */
export const MAX_DESCRIPTION_LENGTH = 256;

/**
 * CreateDeployment's rules on single members, each throwing the exception the model lists for
 * it. Rules that need the group's fleet live in targets.ts.
 */

/** Checks the description's length (in characters, as AWS counts). */
export function checkDescription(description: string | undefined): string | undefined {
  if (description !== undefined && [...description].length > MAX_DESCRIPTION_LENGTH) {
    throw new AwsError('DescriptionTooLongException', `The description is longer than ${MAX_DESCRIPTION_LENGTH} characters.`);
  }
  return description;
}

const REVISION_TYPES_BY_PLATFORM: Record<ComputePlatform, readonly string[]> = {
  Server: ['S3', 'GitHub'],
  Lambda: ['S3', 'String', 'AppSpecContent'],
  ECS: ['S3', 'AppSpecContent'],
};

/**
 * Checks the revision and returns it normalised: RevisionRequiredException when absent,
 * InvalidRevisionException when malformed or of a kind the platform cannot deploy (Server
 * deploys bundles; Lambda and ECS deploy AppSpec files). Inline content gets its SHA-256.
 */
export function checkDeploymentRevision(revision: RevisionLocation | undefined, platform: ComputePlatform): RevisionLocation {
  const check = checkRevision(revision);
  if (!check.ok) {
    throw new AwsError(check.reason === 'required' ? 'RevisionRequiredException' : 'InvalidRevisionException', check.message);
  }
  const normal = check.revision;
  if (!REVISION_TYPES_BY_PLATFORM[platform].includes(normal.revisionType!)) {
    throw new AwsError('InvalidRevisionException', `A ${platform} deployment cannot deploy a ${normal.revisionType} revision.`);
  }
  const bundleType = normal.s3Location?.bundleType;
  if (bundleType && (platform === 'Server') !== ['tar', 'tgz', 'zip'].includes(bundleType)) {
    throw new AwsError('InvalidRevisionException', platform === 'Server'
      ? `A Server deployment needs a tar, tgz or zip bundle, not ${bundleType}.`
      : `A ${platform} deployment needs a YAML or JSON AppSpec file, not a ${bundleType} bundle.`);
  }
  return withContentHash(normal);
}

function withContentHash(revision: RevisionLocation): RevisionLocation {
  for (const member of ['appSpecContent', 'string'] as const) {
    const inline = revision[member];
    if (inline?.content !== undefined && inline.sha256 === undefined) {
      return { ...revision, [member]: { ...inline, sha256: createHash('sha256').update(inline.content, 'utf8').digest('hex') } };
    }
  }
  return revision;
}

/**
 * Checks the Server-only switches: Lambda and ECS deployments have no ApplicationStop and no
 * outdated instances, so `true` is refused there (false is accepted, as the model documents).
 */
export function checkPlatformSwitches(input: CreateDeploymentInput, platform: ComputePlatform): void {
  if (platform === 'Server') return;
  if (input.ignoreApplicationStopFailures) {
    throw new AwsError('InvalidIgnoreApplicationStopFailuresValueException',
      `ignoreApplicationStopFailures must be false for a ${platform} deployment.`);
  }
  if (input.updateOutdatedInstancesOnly) {
    throw new AwsError('InvalidUpdateOutdatedInstancesOnlyValueException',
      `updateOutdatedInstancesOnly must be false for a ${platform} deployment.`);
  }
}

/**
 * The automatic rollback configuration the deployment runs with: the override when given (a
 * disabled override is kept: it turns rollback off for this deployment), else the group's.
 */
export function effectiveAutoRollback(
  override: AutoRollbackConfiguration | undefined, group: DeploymentGroupInfo,
): AutoRollbackConfiguration | undefined {
  if (!override) return group.autoRollbackConfiguration;
  return checkAutoRollbackConfiguration(override) ?? { enabled: false, events: [] };
}

/**
 * The checked alarm override, if one was given. An all-off override is kept: it is how a
 * deployment ignores the group's alarms (e.g. to redeploy a good revision past a firing alarm).
 */
export function checkAlarmOverride(override: AlarmConfiguration | undefined): AlarmConfiguration | undefined {
  if (!override) return undefined;
  for (const alarm of override.alarms ?? []) {
    if (!alarm.name || [...alarm.name].length > 255) {
      throw new AwsError('InvalidAlarmConfigException', 'Alarm names have 1 to 255 characters.');
    }
  }
  const names = (override.alarms ?? []).map((a) => a.name);
  if (new Set(names).size !== names.length) throw new AwsError('InvalidAlarmConfigException', 'Alarm names must be unique.');
  return checkAlarmConfiguration(override) ?? { enabled: false, ignorePollAlarmFailure: false, alarms: [] };
}
