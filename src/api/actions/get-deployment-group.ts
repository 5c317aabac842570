import type { GetDeploymentGroupInput, GetDeploymentGroupOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { deploymentGroupMissing, requireApplication } from '../resources/lookups.ts';
import { APPLICATION_NAME, checkName, DEPLOYMENT_GROUP_NAME } from '../resources/names.ts';

/** GetDeploymentGroup: the group with every default filled in and its last deployments. */
export const getDeploymentGroup: ActionHandler<GetDeploymentGroupInput, GetDeploymentGroupOutput> = async (input, ctx) => {
  const applicationName = checkName(input.applicationName, APPLICATION_NAME);
  const deploymentGroupName = checkName(input.deploymentGroupName, DEPLOYMENT_GROUP_NAME);
  await requireApplication(ctx.store, applicationName);
  const deploymentGroupInfo = await ctx.store.deploymentGroups.get(applicationName, deploymentGroupName);
  if (!deploymentGroupInfo) throw deploymentGroupMissing(applicationName, deploymentGroupName);
  return { deploymentGroupInfo };
};
