import type { ListDeploymentsInput, ListDeploymentsOutput } from '@aws-sdk/client-codedeploy';
import type { DeploymentStatus } from '../../core/deployment.ts';
import { isDeploymentPosition, type DeploymentListOptions } from '../../store/deployments.ts';
import type { ActionContext, ActionHandler } from '../action.ts';
import { AwsError } from '../errors.ts';
import { decodeNextToken, PAGE_SIZE, pageOf } from '../next-token.ts';
import { deploymentGroupMissing, requireApplication } from '../resources/lookups.ts';
import { APPLICATION_NAME, checkName, DEPLOYMENT_GROUP_NAME } from '../resources/names.ts';

/**
 * ListDeployments: deployment ids, newest first, PAGE_SIZE per page; of one deployment group
 * or of all, filtered by status, create-time range (both ends inclusive) and external id.
 */
export const listDeployments: ActionHandler<ListDeploymentsInput, ListDeploymentsOutput> = async (input, ctx) => {
  const scope = await scopeOf(input, ctx);
  const options: DeploymentListOptions = {
    ...scope,
    statuses: input.includeOnlyStatuses as DeploymentStatus[] | undefined,
    ...timeRangeOf(input),
    externalId: input.externalId,
    after: decodeNextToken(input.nextToken, isDeploymentPosition),
    limit: PAGE_SIZE + 1,
  };
  const page = pageOf(await ctx.store.deployments.list(options), (last) => last.position);
  return { deployments: page.items.map((r) => r.deploymentId), nextToken: page.nextToken };
};

/**
 * The group to list. The model says the application and group names come together: either
 * alone is refused with the other's RequiredException.
 */
async function scopeOf(input: ListDeploymentsInput, ctx: ActionContext): Promise<{ applicationName?: string; deploymentGroupName?: string }> {
  if (input.applicationName === undefined && input.deploymentGroupName === undefined) return {};
  const applicationName = checkName(input.applicationName, APPLICATION_NAME);
  await requireApplication(ctx.store, applicationName);
  const deploymentGroupName = checkName(input.deploymentGroupName, DEPLOYMENT_GROUP_NAME);
  if (!(await ctx.store.deploymentGroups.find(applicationName, deploymentGroupName))) {
    throw deploymentGroupMissing(applicationName, deploymentGroupName);
  }
  return { applicationName, deploymentGroupName };
}

function timeRangeOf(input: ListDeploymentsInput): { createdFrom?: number; createdUntil?: number } {
  const start = input.createTimeRange?.start?.getTime();
  const end = input.createTimeRange?.end?.getTime();
  if (start !== undefined && end !== undefined && start > end) {
    throw new AwsError('InvalidTimeRangeException', 'The start of the time range is after its end.');
  }
  return { createdFrom: start, createdUntil: end };
}
