import type { BatchGetDeploymentInstancesInput, BatchGetDeploymentInstancesOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { requireDeployment } from '../deployments/lookup.ts';
import { toInstanceSummary } from '../deployments/output.ts';
import { checkInstancePlatform, instanceNameOf, MAX_BATCH_GET_TARGETS } from '../deployments/target-lookup.ts';
import { AwsError } from '../errors.ts';

/**
 * BatchGetDeploymentInstances (deprecated; BatchGetDeploymentTargets supersedes it): up to 25
 * instances of a deployment. Instances not in the deployment are named in `errorMessage`
 * (the operation has no not-found error).
 */
export const batchGetDeploymentInstances: ActionHandler<BatchGetDeploymentInstancesInput, BatchGetDeploymentInstancesOutput> = async (input, ctx) => {
  const deployment = await requireDeployment(ctx.store, input.deploymentId);
  checkInstancePlatform(deployment);
  const ids = input.instanceIds ?? [];
  if (ids.length === 0) throw new AwsError('InstanceIdRequiredException', 'At least one instance ID must be specified.');
  if (ids.length > MAX_BATCH_GET_TARGETS) {
    throw new AwsError('BatchLimitExceededException', `The maximum number of instance IDs allowed for this request (${MAX_BATCH_GET_TARGETS}) was exceeded.`);
  }
  const names = ids.map(instanceNameOf);
  const targets = await ctx.store.deploymentTargets.batchGet(deployment.deploymentId, names);
  const missing = names.filter((_, i) => targets[i] === undefined);
  return {
    instancesSummary: targets.flatMap((t) => (t ? [toInstanceSummary(t)] : [])),
    errorMessage: missing.length ? `Instances not part of deployment ${deployment.deploymentId}: ${missing.join(', ')}` : undefined,
  };
};
