import type { GetDeploymentInstanceInput, GetDeploymentInstanceOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { requireDeployment } from '../deployments/lookup.ts';
import { toInstanceSummary } from '../deployments/output.ts';
import { checkInstancePlatform, instanceNameOf } from '../deployments/target-lookup.ts';
import { AwsError } from '../errors.ts';

/** GetDeploymentInstance (deprecated; GetDeploymentTarget supersedes it): one instance of a deployment. */
export const getDeploymentInstance: ActionHandler<GetDeploymentInstanceInput, GetDeploymentInstanceOutput> = async (input, ctx) => {
  const deployment = await requireDeployment(ctx.store, input.deploymentId);
  checkInstancePlatform(deployment);
  const name = instanceNameOf(input.instanceId);
  const target = await ctx.store.deploymentTargets.get(deployment.deploymentId, name);
  if (!target) {
    throw new AwsError('InstanceDoesNotExistException', `The instance ${name} is not part of deployment ${deployment.deploymentId}.`);
  }
  return { instanceSummary: toInstanceSummary(target) };
};
