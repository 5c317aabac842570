import type { BatchGetDeploymentsInput, BatchGetDeploymentsOutput } from '@aws-sdk/client-codedeploy';
import { MAX_BATCH_GET } from '../../core/limits.ts';
import type { ActionHandler } from '../action.ts';
import { checkDeploymentId } from '../deployments/lookup.ts';
import { toDeploymentInfo } from '../deployments/output.ts';
import { AwsError } from '../errors.ts';

/**
 * BatchGetDeployments: up to 100 deployments (BatchLimitExceededException beyond), in request
 * order. Malformed ids fail the call; well-formed unknown ones are left out, as AWS does.
 */
export const batchGetDeployments: ActionHandler<BatchGetDeploymentsInput, BatchGetDeploymentsOutput> = async (input, ctx) => {
  const ids = input.deploymentIds ?? [];
  if (ids.length > MAX_BATCH_GET) {
    throw new AwsError('BatchLimitExceededException', `The maximum number of deployment IDs allowed for this request (${MAX_BATCH_GET}) was exceeded.`);
  }
  ids.forEach(checkDeploymentId);
  const deployments = await ctx.store.deployments.batchGet(ids);
  return { deploymentsInfo: deployments.map(toDeploymentInfo) };
};
