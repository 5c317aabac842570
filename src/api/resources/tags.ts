import type { Tag } from '@aws-sdk/client-codedeploy';
import { MAX_TAG_KEY_LENGTH, MAX_TAG_VALUE_LENGTH, MAX_TAGS_PER_RESOURCE } from '../../core/limits.ts';
import type { ResourceTag } from '../../store/resource-tags.ts';
import { AwsError } from '../errors.ts';

/**
 * Checks tags to add to an application, deployment group or config: keys 1–128 characters,
 * values at most 256, at most 50 distinct keys. Throws InvalidTagsToAddException, the error
 * every tagging operation lists. Absent values become empty strings.
 */
export function checkTagsToAdd(tags: readonly Tag[] | undefined): ResourceTag[] {
  const out = (tags ?? []).map(checkTag);
  if (new Set(out.map((t) => t.Key)).size > MAX_TAGS_PER_RESOURCE) {
    throw new AwsError('InvalidTagsToAddException', `A resource can have at most ${MAX_TAGS_PER_RESOURCE} tags.`);
  }
  return out;
}

function checkTag(tag: Tag): ResourceTag {
  const key = tag.Key ?? '';
  const value = tag.Value ?? '';
  if (key.length < 1 || [...key].length > MAX_TAG_KEY_LENGTH) {
    throw new AwsError('InvalidTagsToAddException', `Tag keys must have 1 to ${MAX_TAG_KEY_LENGTH} characters.`);
  }
  if ([...value].length > MAX_TAG_VALUE_LENGTH) {
    throw new AwsError('InvalidTagsToAddException', `Tag values must have at most ${MAX_TAG_VALUE_LENGTH} characters.`);
  }
  return { Key: key, Value: value };
}
