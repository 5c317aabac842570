import type { DeleteDeploymentGroupInput, DeleteDeploymentGroupOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { APPLICATION_NAME, checkName, DEPLOYMENT_GROUP_NAME } from '../resources/names.ts';

/**
 * DeleteDeploymentGroup: removes the group and its tags. A missing group (or application) is a
 * success, as on AWS. Cutover manages no Auto Scaling hooks, so none are left behind.
 */
export const deleteDeploymentGroup: ActionHandler<DeleteDeploymentGroupInput, DeleteDeploymentGroupOutput> = async (input, ctx) => {
  const applicationName = checkName(input.applicationName, APPLICATION_NAME);
  const deploymentGroupName = checkName(input.deploymentGroupName, DEPLOYMENT_GROUP_NAME);
  await ctx.store.deploymentGroups.delete(applicationName, deploymentGroupName);
  return { hooksNotCleanedUp: [] };
};
