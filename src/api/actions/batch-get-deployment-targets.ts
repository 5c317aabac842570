import type { BatchGetDeploymentTargetsInput, BatchGetDeploymentTargetsOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { requireDeployment } from '../deployments/lookup.ts';
import { toDeploymentTarget } from '../deployments/output.ts';
import { checkTargetId, MAX_BATCH_GET_TARGETS, targetMissing } from '../deployments/target-lookup.ts';
import { AwsError } from '../errors.ts';

/**
 * BatchGetDeploymentTargets: up to 25 targets of one deployment, in request order. Every id
 * must belong to the deployment (DeploymentTargetDoesNotExistException names the first that does not).
 */
export const batchGetDeploymentTargets: ActionHandler<BatchGetDeploymentTargetsInput, BatchGetDeploymentTargetsOutput> = async (input, ctx) => {
  const deployment = await requireDeployment(ctx.store, input.deploymentId);
  const targetIds = input.targetIds ?? [];
  if (targetIds.length === 0) throw new AwsError('DeploymentTargetIdRequiredException', 'At least one deployment target ID must be specified.');
  if (targetIds.length > MAX_BATCH_GET_TARGETS) {
    throw new AwsError('DeploymentTargetListSizeExceededException', `At most ${MAX_BATCH_GET_TARGETS} target IDs may be requested at once.`);
  }
  targetIds.forEach((id) => checkTargetId(id, deployment));
  const targets = await ctx.store.deploymentTargets.batchGet(deployment.deploymentId, targetIds);
  const missing = targets.findIndex((t) => t === undefined);
  if (missing >= 0) throw targetMissing(deployment.deploymentId, targetIds[missing]!);
  return { deploymentTargets: targets.map((t) => toDeploymentTarget(t!)) };
};
