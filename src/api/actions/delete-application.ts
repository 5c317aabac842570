import type { DeleteApplicationInput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { APPLICATION_NAME, checkName } from '../resources/names.ts';

/**
 * DeleteApplication: removes the application with its deployment groups, revisions and tags.
 * Deleting an application that does not exist succeeds, as on AWS, so retries are harmless.
 */
export const deleteApplication: ActionHandler<DeleteApplicationInput, Record<string, never>> = async (input, ctx) => {
  await ctx.store.applications.delete(checkName(input.applicationName, APPLICATION_NAME));
  return {};
};
