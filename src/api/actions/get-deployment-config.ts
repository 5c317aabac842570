import type { GetDeploymentConfigInput, GetDeploymentConfigOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { deploymentConfigMissing } from '../resources/lookups.ts';
import { checkName, DEPLOYMENT_CONFIG_NAME } from '../resources/names.ts';

/** GetDeploymentConfig: a predefined config (exact, case-sensitive name) or a custom one. */
export const getDeploymentConfig: ActionHandler<GetDeploymentConfigInput, GetDeploymentConfigOutput> = async (input, ctx) => {
  const name = checkName(input.deploymentConfigName, DEPLOYMENT_CONFIG_NAME);
  const deploymentConfigInfo = await ctx.store.deploymentConfigs.find(name);
  if (!deploymentConfigInfo) throw deploymentConfigMissing(name);
  return { deploymentConfigInfo };
};
