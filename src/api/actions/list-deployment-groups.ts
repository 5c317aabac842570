import type { ListDeploymentGroupsInput, ListDeploymentGroupsOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { decodeNextToken, isString, PAGE_SIZE, pageOf } from '../next-token.ts';
import { requireApplication } from '../resources/lookups.ts';
import { APPLICATION_NAME, checkName } from '../resources/names.ts';

/** ListDeploymentGroups: an application's group names sorted by name, PAGE_SIZE per page. */
export const listDeploymentGroups: ActionHandler<ListDeploymentGroupsInput, ListDeploymentGroupsOutput> = async (input, ctx) => {
  const applicationName = checkName(input.applicationName, APPLICATION_NAME);
  const after = decodeNextToken(input.nextToken, isString);
  await requireApplication(ctx.store, applicationName);
  const names = await ctx.store.deploymentGroups.listNames(applicationName, { after, limit: PAGE_SIZE + 1 });
  const page = pageOf(names, (last) => last);
  return { applicationName, deploymentGroups: page.items, nextToken: page.nextToken };
};
