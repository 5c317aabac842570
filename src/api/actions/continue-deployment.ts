import type { ContinueDeploymentInput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { checkDeploymentId, deploymentMissing } from '../deployments/lookup.ts';
import { continueChange, type DeploymentWaitType } from '../deployments/waits.ts';

/**
 * ContinueDeployment: ends a blue/green wait early (READY_WAIT by default: reroute traffic;
 * TERMINATION_WAIT: terminate the original instances). Records the request for the engine.
 */
export const continueDeployment: ActionHandler<ContinueDeploymentInput, Record<string, never>> = async (input, ctx) => {
  const deploymentId = checkDeploymentId(input.deploymentId);
  const waitType = (input.deploymentWaitType ?? 'READY_WAIT') as DeploymentWaitType;
  const deployment = await ctx.store.deployments.update(deploymentId, continueChange(waitType, ctx.clock.now()));
  if (!deployment) throw deploymentMissing(deploymentId);
  return {};
};
