import type { InstanceInfo, Tag } from '@aws-sdk/client-codedeploy';
import type { InstanceTag } from '../../core/instance-selection.ts';
import { isInstanceName, MAX_INSTANCES_PER_TAG_CALL } from '../../core/on-premises.ts';
import { MAX_TAG_KEY_LENGTH, MAX_TAG_VALUE_LENGTH } from '../../core/limits.ts';
import type { InstanceRecord } from '../../store/instances.ts';
import { AwsError } from '../errors.ts';

/**
 * Returns `name` when it may name an on-premises instance; throws InstanceNameRequiredException
 * when it is absent or empty and InvalidInstanceNameException when it is malformed.
 */
export function checkInstanceName(name: string | undefined): string {
  if (name === undefined || name === '') throw new AwsError('InstanceNameRequiredException', 'An on-premises instance name is required.');
  if (!isInstanceName(name)) {
    throw new AwsError('InvalidInstanceNameException',
      `The on-premises instance name ${name} is invalid: use 1 to 100 characters from A-Z, a-z, 0-9 and + = , . @ _ -`);
  }
  return name;
}

/** Checks a non-empty list of instance names; duplicates are dropped. */
export function checkInstanceNames(names: readonly string[] | undefined): string[] {
  if (!names || names.length === 0) throw new AwsError('InstanceNameRequiredException', 'At least one on-premises instance name is required.');
  return [...new Set(names.map(checkInstanceName))];
}

/** Checks the instance list of AddTags/RemoveTags, which may name at most 100 instances. */
export function checkTaggedInstanceNames(names: readonly string[] | undefined): string[] {
  const checked = checkInstanceNames(names);
  if (checked.length > MAX_INSTANCES_PER_TAG_CALL) {
    throw new AwsError('InstanceLimitExceededException', `At most ${MAX_INSTANCES_PER_TAG_CALL} instances may be tagged in one call.`);
  }
  return checked;
}

/**
 * Checks the tags of AddTags/RemoveTags: at least one, each with a key of 1–128 characters and a
 * value of at most 256. A missing value counts as the empty string.
 */
export function checkTags(tags: readonly Tag[] | undefined): { Key: string; Value?: string }[] {
  if (!tags || tags.length === 0) throw new AwsError('TagRequiredException', 'At least one tag is required.');
  return tags.map((tag) => {
    if (!tag.Key) throw new AwsError('InvalidTagException', 'Every tag needs a Key.');
    if ([...tag.Key].length > MAX_TAG_KEY_LENGTH) throw new AwsError('InvalidTagException', `Tag keys are at most ${MAX_TAG_KEY_LENGTH} characters.`);
    if (tag.Value !== undefined && [...tag.Value].length > MAX_TAG_VALUE_LENGTH) {
      throw new AwsError('InvalidTagException', `Tag values are at most ${MAX_TAG_VALUE_LENGTH} characters.`);
    }
    return { Key: tag.Key, Value: tag.Value };
  });
}

/** The error for names that are not registered on-premises instances. */
export function instanceNotRegistered(names: readonly string[]): AwsError {
  const list = names.join(', ');
  return new AwsError('InstanceNotRegisteredException',
    names.length === 1 ? `The on-premises instance ${list} is not registered.` : `These on-premises instances are not registered: ${list}.`);
}

/** An instance record in its wire shape, InstanceInfo. */
export function toInstanceInfo(record: InstanceRecord): InstanceInfo {
  return {
    instanceName: record.instanceName,
    instanceArn: record.instanceArn,
    iamSessionArn: record.iamSessionArn,
    iamUserArn: record.iamUserArn,
    registerTime: new Date(record.registerTime),
    deregisterTime: record.deregisterTime === undefined ? undefined : new Date(record.deregisterTime),
    tags: record.tags.map((t: InstanceTag) => ({ Key: t.Key, Value: t.Value })),
  };
}
