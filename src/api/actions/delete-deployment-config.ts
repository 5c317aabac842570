import type { DeleteDeploymentConfigInput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { AwsError } from '../errors.ts';
import { checkName, DEPLOYMENT_CONFIG_NAME } from '../resources/names.ts';

/**
 * DeleteDeploymentConfig: removes a custom config and its tags. Predefined configs cannot be
 * deleted, nor a config a deployment group uses; a config that does not exist is a success, as
 * on AWS.
 */
export const deleteDeploymentConfig: ActionHandler<DeleteDeploymentConfigInput, Record<string, never>> = async (input, ctx) => {
  const name = checkName(input.deploymentConfigName, DEPLOYMENT_CONFIG_NAME);
  const result = await ctx.store.deploymentConfigs.delete(name);
  if (result === 'predefined') throw new AwsError('InvalidOperationException', `The predefined deployment config ${name} cannot be deleted.`);
  if (result === 'in-use') throw new AwsError('DeploymentConfigInUseException', `The deployment config ${name} is used by a deployment group.`);
  return {};
};
