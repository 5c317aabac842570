import type { ListDeploymentTargetsInput, ListDeploymentTargetsOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { requireDeployment } from '../deployments/lookup.ts';
import { checkTargetFilters } from '../deployments/target-lookup.ts';
import { decodeNextToken, isString, PAGE_SIZE, pageOf } from '../next-token.ts';

/**
 * ListDeploymentTargets: target ids of a deployment by id, PAGE_SIZE per page, filtered by
 * `TargetStatus` and `ServerInstanceLabel` (values within a filter are ORed, filters ANDed).
 */
export const listDeploymentTargets: ActionHandler<ListDeploymentTargetsInput, ListDeploymentTargetsOutput> = async (input, ctx) => {
  const deployment = await requireDeployment(ctx.store, input.deploymentId);
  const filters = checkTargetFilters(deployment, {
    statuses: input.targetFilters?.TargetStatus, labels: input.targetFilters?.ServerInstanceLabel,
  });
  const ids = await ctx.store.deploymentTargets.list({
    deploymentId: deployment.deploymentId, ...filters, after: decodeNextToken(input.nextToken, isString), limit: PAGE_SIZE + 1,
  });
  const page = pageOf(ids, (last) => last);
  return { targetIds: page.items, nextToken: page.nextToken };
};
