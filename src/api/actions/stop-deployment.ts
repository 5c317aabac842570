import type { StopDeploymentInput, StopDeploymentOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { checkDeploymentId, deploymentMissing } from '../deployments/lookup.ts';
import { stopChange, stopOutput } from '../deployments/stop.ts';

/**
 * StopDeployment: records the stop (and whether to roll back) for the engine. A deployment
 * that has not started on any target stops at once (`Succeeded`); one under way answers
 * `Pending` and the engine stops it after the running lifecycle events.
 */
export const stopDeployment: ActionHandler<StopDeploymentInput, StopDeploymentOutput> = async (input, ctx) => {
  const deploymentId = checkDeploymentId(input.deploymentId);
  const change = stopChange({ autoRollbackEnabled: input.autoRollbackEnabled, now: ctx.clock.now() });
  const deployment = await ctx.store.deployments.update(deploymentId, change);
  if (!deployment) throw deploymentMissing(deploymentId);
  return stopOutput(deployment);
};
