import type { SkipWaitTimeForInstanceTerminationInput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { checkDeploymentId, deploymentMissing } from '../deployments/lookup.ts';
import { skipTerminationWaitChange } from '../deployments/waits.ts';

/**
 * SkipWaitTimeForInstanceTermination (deprecated in favour of ContinueDeployment with
 * TERMINATION_WAIT): terminate a blue/green deployment's original instances without waiting.
 */
export const skipWaitTimeForInstanceTermination: ActionHandler<SkipWaitTimeForInstanceTerminationInput, Record<string, never>> = async (input, ctx) => {
  const deploymentId = checkDeploymentId(input.deploymentId);
  const deployment = await ctx.store.deployments.update(deploymentId, skipTerminationWaitChange(ctx.clock.now()));
  if (!deployment) throw deploymentMissing(deploymentId);
  return {};
};
