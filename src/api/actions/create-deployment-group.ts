import type { CreateDeploymentGroupInput, CreateDeploymentGroupOutput } from '@aws-sdk/client-codedeploy';
import { MAX_DEPLOYMENT_GROUPS_PER_APPLICATION } from '../../core/limits.ts';
import type { ActionHandler } from '../action.ts';
import { AwsError } from '../errors.ts';
import { resolveGroupConfig } from '../resources/deployment-group-config.ts';
import { resolveSettings, settingsPatch } from '../resources/deployment-group-settings.ts';
import { applicationMissing, requireApplication } from '../resources/lookups.ts';
import { APPLICATION_NAME, checkName, DEPLOYMENT_GROUP_NAME } from '../resources/names.ts';
import { checkTagsToAdd } from '../resources/tags.ts';

/**
 * CreateDeploymentGroup: checks every setting, fills the defaults GetDeploymentGroup reports
 * (config by platform, deployment style, outdatedInstancesStrategy) and stores the group with
 * its tags.
 */
export const createDeploymentGroup: ActionHandler<CreateDeploymentGroupInput, CreateDeploymentGroupOutput> = async (input, ctx) => {
  const applicationName = checkName(input.applicationName, APPLICATION_NAME);
  const deploymentGroupName = checkName(input.deploymentGroupName, DEPLOYMENT_GROUP_NAME);
  const application = await requireApplication(ctx.store, applicationName);
  const platform = application.computePlatform ?? 'Server';
  const tags = checkTagsToAdd(input.tags);
  const settings = resolveSettings({ patch: settingsPatch(input), platform });
  const deploymentConfigName = await resolveGroupConfig(ctx.store, input.deploymentConfigName, platform);
  const created = await ctx.store.deploymentGroups.create({ applicationName, deploymentGroupName, deploymentConfigName, settings, tags });
  switch (created.result) {
    case 'no-application':
      throw applicationMissing(applicationName);
    case 'exists':
      throw new AwsError('DeploymentGroupAlreadyExistsException',
        `The deployment group ${deploymentGroupName} already exists in application ${applicationName}.`);
    case 'limit':
      throw new AwsError('DeploymentGroupLimitExceededException',
        `An application can have at most ${MAX_DEPLOYMENT_GROUPS_PER_APPLICATION} deployment groups.`);
    case 'created':
      return { deploymentGroupId: created.deploymentGroupId };
  }
};
