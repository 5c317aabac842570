import type { RemoveTagsFromOnPremisesInstancesInput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { checkTaggedInstanceNames, checkTags, instanceNotRegistered } from '../resources/instances.ts';

/**
 * RemoveTagsFromOnPremisesInstances: removes tags from up to 100 registered instances. A tag is
 * removed when its key matches and, if the request gives a Value, its value matches too, so that
 * `Key=env` removes `env` whatever its value. Tags an instance does not carry are ignored.
 */
export const removeTagsFromOnPremisesInstances: ActionHandler<RemoveTagsFromOnPremisesInstancesInput, void> = async (input, ctx) => {
  const tags = checkTags(input.tags);
  const instanceNames = checkTaggedInstanceNames(input.instanceNames);
  const outcome = await ctx.store.instances.removeTags({ instanceNames, tags });
  if (!outcome.ok && 'notRegistered' in outcome) throw instanceNotRegistered(outcome.notRegistered);
};
