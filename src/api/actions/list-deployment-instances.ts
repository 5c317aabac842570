import type { ListDeploymentInstancesInput, ListDeploymentInstancesOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { requireDeployment } from '../deployments/lookup.ts';
import { checkInstancePlatform, checkTargetFilters } from '../deployments/target-lookup.ts';
import { decodeNextToken, isString, PAGE_SIZE, pageOf } from '../next-token.ts';

/**
 * ListDeploymentInstances (deprecated; ListDeploymentTargets supersedes it): instance ids of a
 * deployment by id, PAGE_SIZE per page, filtered by status and by Blue/Green environment.
 */
export const listDeploymentInstances: ActionHandler<ListDeploymentInstancesInput, ListDeploymentInstancesOutput> = async (input, ctx) => {
  const deployment = await requireDeployment(ctx.store, input.deploymentId);
  checkInstancePlatform(deployment);
  const filters = checkTargetFilters(deployment, { statuses: input.instanceStatusFilter, labels: input.instanceTypeFilter });
  const ids = await ctx.store.deploymentTargets.list({
    deploymentId: deployment.deploymentId, ...filters, after: decodeNextToken(input.nextToken, isString), limit: PAGE_SIZE + 1,
  });
  const page = pageOf(ids, (last) => last);
  return { instancesList: page.items, nextToken: page.nextToken };
};
