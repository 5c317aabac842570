import type { UpdateApplicationInput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { AwsError } from '../errors.ts';
import { applicationMissing } from '../resources/lookups.ts';
import { APPLICATION_NAME, checkName } from '../resources/names.ts';

/**
 * UpdateApplication: renames an application. Its deployment groups, deployments, revisions and
 * tags move with it in one transaction. Without a new name it only checks the application exists.
 */
export const updateApplication: ActionHandler<UpdateApplicationInput, Record<string, never>> = async (input, ctx) => {
  const from = checkName(input.applicationName, APPLICATION_NAME);
  const to = input.newApplicationName === undefined ? from : checkName(input.newApplicationName, APPLICATION_NAME);
  const result = await ctx.store.applications.rename(from, to);
  if (result === 'missing') throw applicationMissing(from);
  if (result === 'exists') throw new AwsError('ApplicationAlreadyExistsException', `The application ${to} already exists.`);
  return {};
};
