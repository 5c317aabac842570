import type { RegisterApplicationRevisionInput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { requireApplication } from '../resources/lookups.ts';
import { APPLICATION_NAME, checkName } from '../resources/names.ts';
import { checkRevisionDescription, checkRevisionInput } from '../resources/revisions.ts';

/**
 * RegisterApplicationRevision: records a revision of an existing application with its
 * description. Registering the same revision again replaces the description (when one is given)
 * and keeps the original registerTime.
 */
export const registerApplicationRevision: ActionHandler<RegisterApplicationRevisionInput, void> = async (input, ctx) => {
  const applicationName = checkName(input.applicationName, APPLICATION_NAME);
  const revision = checkRevisionInput(input.revision);
  const description = checkRevisionDescription(input.description);
  await requireApplication(ctx.store, applicationName);
  await ctx.store.revisions.register({ applicationName, revision, description });
};
