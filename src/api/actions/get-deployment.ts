import type { GetDeploymentInput, GetDeploymentOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { requireDeployment } from '../deployments/lookup.ts';
import { toDeploymentInfo } from '../deployments/output.ts';

/** GetDeployment: one deployment with its overview counted from its targets. */
export const getDeployment: ActionHandler<GetDeploymentInput, GetDeploymentOutput> = async (input, ctx) => {
  const deployment = await requireDeployment(ctx.store, input.deploymentId);
  return { deploymentInfo: toDeploymentInfo(deployment) };
};
