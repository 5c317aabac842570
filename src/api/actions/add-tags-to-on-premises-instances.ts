import type { AddTagsToOnPremisesInstancesInput } from '@aws-sdk/client-codedeploy';
import { MAX_TAGS_PER_INSTANCE } from '../../core/on-premises.ts';
import type { ActionHandler } from '../action.ts';
import { AwsError } from '../errors.ts';
import { checkTaggedInstanceNames, checkTags, instanceNotRegistered } from '../resources/instances.ts';

/**
 * AddTagsToOnPremisesInstances: sets tags (overwriting values by key) on up to 100 registered
 * instances, all or nothing. An instance may carry at most 10 tags.
 */
export const addTagsToOnPremisesInstances: ActionHandler<AddTagsToOnPremisesInstancesInput, void> = async (input, ctx) => {
  const tags = checkTags(input.tags).map((t) => ({ Key: t.Key, Value: t.Value ?? '' }));
  const instanceNames = checkTaggedInstanceNames(input.instanceNames);
  if (new Set(tags.map((t) => t.Key)).size > MAX_TAGS_PER_INSTANCE) throw tagLimitExceeded();
  const outcome = await ctx.store.instances.addTags({ instanceNames, tags, maxTags: MAX_TAGS_PER_INSTANCE });
  if (outcome.ok) return;
  if ('notRegistered' in outcome) throw instanceNotRegistered(outcome.notRegistered);
  throw tagLimitExceeded(outcome.overLimit);
};

function tagLimitExceeded(instanceName?: string): AwsError {
  const whose = instanceName ? `The on-premises instance ${instanceName} would have` : 'That is';
  return new AwsError('TagLimitExceededException', `${whose} more than ${MAX_TAGS_PER_INSTANCE} tags.`);
}
