import type { GetApplicationInput, GetApplicationOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { requireApplication } from '../resources/lookups.ts';
import { APPLICATION_NAME, checkName } from '../resources/names.ts';

/** GetApplication. */
export const getApplication: ActionHandler<GetApplicationInput, GetApplicationOutput> = async (input, ctx) => {
  const application = await requireApplication(ctx.store, checkName(input.applicationName, APPLICATION_NAME));
  return { application };
};
