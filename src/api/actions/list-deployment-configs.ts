import type { ListDeploymentConfigsInput, ListDeploymentConfigsOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { decodeNextToken, isString, PAGE_SIZE, pageOf } from '../next-token.ts';

/** ListDeploymentConfigs: the 17 predefined configs, then custom ones by name, PAGE_SIZE per page. */
export const listDeploymentConfigs: ActionHandler<ListDeploymentConfigsInput, ListDeploymentConfigsOutput> = async (input, ctx) => {
  const after = decodeNextToken(input.nextToken, isString);
  const names = await ctx.store.deploymentConfigs.listNames({ after, limit: PAGE_SIZE + 1 });
  const page = pageOf(names, (last) => last);
  return { deploymentConfigsList: page.items, nextToken: page.nextToken };
};
