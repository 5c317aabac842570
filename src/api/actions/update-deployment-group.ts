import type { UpdateDeploymentGroupInput, UpdateDeploymentGroupOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { AwsError } from '../errors.ts';
import { resolveGroupConfig } from '../resources/deployment-group-config.ts';
import { resolveSettings, settingsPatch } from '../resources/deployment-group-settings.ts';
import { deploymentGroupMissing, requireApplication } from '../resources/lookups.ts';
import { APPLICATION_NAME, checkName, DEPLOYMENT_GROUP_NAME } from '../resources/names.ts';

/**
 * UpdateDeploymentGroup: each member given replaces the stored one (an empty list clears it),
 * members not given stay. newDeploymentGroupName renames the group, carrying its deployments
 * and tags along. Cutover manages no Auto Scaling hooks, so none are ever left behind.
 */
export const updateDeploymentGroup: ActionHandler<UpdateDeploymentGroupInput, UpdateDeploymentGroupOutput> = async (input, ctx) => {
  const applicationName = checkName(input.applicationName, APPLICATION_NAME);
  const currentName = checkName(input.currentDeploymentGroupName, DEPLOYMENT_GROUP_NAME);
  const newName = input.newDeploymentGroupName === undefined ? currentName : checkName(input.newDeploymentGroupName, DEPLOYMENT_GROUP_NAME);
  const application = await requireApplication(ctx.store, applicationName);
  const platform = application.computePlatform ?? 'Server';
  const stored = await ctx.store.deploymentGroups.find(applicationName, currentName);
  if (!stored) throw deploymentGroupMissing(applicationName, currentName);
  const settings = resolveSettings({ base: stored.settings, patch: settingsPatch(input), platform });
  const deploymentConfigName = input.deploymentConfigName === undefined
    ? stored.deploymentConfigName : await resolveGroupConfig(ctx.store, input.deploymentConfigName, platform);
  const result = await ctx.store.deploymentGroups.update(currentName, {
    applicationName, deploymentGroupName: newName, deploymentConfigName, settings,
  });
  if (result === 'missing') throw deploymentGroupMissing(applicationName, currentName);
  if (result === 'exists') {
    throw new AwsError('DeploymentGroupAlreadyExistsException', `The deployment group ${newName} already exists in application ${applicationName}.`);
  }
  return { hooksNotCleanedUp: [] };
};
