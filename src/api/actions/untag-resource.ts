import type { UntagResourceInput, UntagResourceOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { AwsError } from '../errors.ts';
import { parseTaggableArn, requireTaggable } from '../resources/arns.ts';

/** UntagResource: removes tags by key; keys the resource does not carry are ignored. */
export const untagResource: ActionHandler<UntagResourceInput, UntagResourceOutput> = async (input, ctx) => {
  const resource = parseTaggableArn(input.ResourceArn ?? '');
  if (!input.TagKeys?.length) throw new AwsError('TagRequiredException', 'At least one tag key is required.');
  await requireTaggable(ctx.store, resource);
  await ctx.store.resourceTags.untag(resource.tagKey, input.TagKeys);
  return {};
};
