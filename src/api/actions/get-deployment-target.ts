import type { GetDeploymentTargetInput, GetDeploymentTargetOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { requireDeployment } from '../deployments/lookup.ts';
import { toDeploymentTarget } from '../deployments/output.ts';
import { checkTargetId, targetMissing } from '../deployments/target-lookup.ts';

/** GetDeploymentTarget: one target of a deployment with its lifecycle events. */
export const getDeploymentTarget: ActionHandler<GetDeploymentTargetInput, GetDeploymentTargetOutput> = async (input, ctx) => {
  const deployment = await requireDeployment(ctx.store, input.deploymentId);
  const targetId = checkTargetId(input.targetId, deployment);
  const target = await ctx.store.deploymentTargets.get(deployment.deploymentId, targetId);
  if (!target) throw targetMissing(deployment.deploymentId, targetId);
  return { deploymentTarget: toDeploymentTarget(target) };
};
