import type { TagResourceInput, TagResourceOutput } from '@aws-sdk/client-codedeploy';
import { MAX_TAGS_PER_RESOURCE } from '../../core/limits.ts';
import type { ActionHandler } from '../action.ts';
import { AwsError } from '../errors.ts';
import { parseTaggableArn, requireTaggable } from '../resources/arns.ts';
import { checkTagsToAdd } from '../resources/tags.ts';

/** TagResource: adds or overwrites tags on an application, deployment group or deployment config. */
export const tagResource: ActionHandler<TagResourceInput, TagResourceOutput> = async (input, ctx) => {
  const resource = parseTaggableArn(input.ResourceArn ?? '');
  if (!input.Tags?.length) throw new AwsError('TagRequiredException', 'At least one tag is required.');
  const tags = checkTagsToAdd(input.Tags);
  await requireTaggable(ctx.store, resource);
  if ((await ctx.store.resourceTags.tag(resource.tagKey, tags)) === 'limit') {
    throw new AwsError('InvalidTagsToAddException', `A resource can have at most ${MAX_TAGS_PER_RESOURCE} tags.`);
  }
  return {};
};
