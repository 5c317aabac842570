import type { ListTagsForResourceInput, ListTagsForResourceOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { parseTaggableArn } from '../resources/arns.ts';

/**
 * ListTagsForResource: every tag of the resource in one page (a resource has at most 50, so
 * NextToken is never returned and one sent is ignored). The model lists no does-not-exist error
 * for this operation, so a resource that does not exist simply has no tags.
 */
export const listTagsForResource: ActionHandler<ListTagsForResourceInput, ListTagsForResourceOutput> = async (input, ctx) => {
  const resource = parseTaggableArn(input.ResourceArn ?? '');
  return { Tags: await ctx.store.resourceTags.list(resource.tagKey) };
};
