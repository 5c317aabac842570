import type { CreateDeploymentConfigInput, CreateDeploymentConfigOutput } from '@aws-sdk/client-codedeploy';
import { hasReservedConfigPrefix, PREDEFINED_CONFIG_PREFIX } from '../../core/deployment-configs.ts';
import { MAX_CUSTOM_DEPLOYMENT_CONFIGS } from '../../core/limits.ts';
import type { NewDeploymentConfig } from '../../store/deployment-configs.ts';
import type { ActionHandler } from '../action.ts';
import { AwsError } from '../errors.ts';
import { checkMinimumHealthyHosts, checkTrafficRouting, checkZonalConfig } from '../resources/deployment-config-rules.ts';
import { checkName, DEPLOYMENT_CONFIG_NAME } from '../resources/names.ts';

/**
 * CreateDeploymentConfig: a custom config. Server configs need minimumHealthyHosts and may
 * carry a zonalConfig; Lambda and ECS configs need a trafficRoutingConfig. Server configs may
 * also carry a trafficRoutingConfig: a Cutover extension for canaries on servers.
 */
export const createDeploymentConfig: ActionHandler<CreateDeploymentConfigInput, CreateDeploymentConfigOutput> = async (input, ctx) => {
  const deploymentConfigName = checkName(input.deploymentConfigName, DEPLOYMENT_CONFIG_NAME);
  if (hasReservedConfigPrefix(deploymentConfigName)) {
    throw new AwsError('InvalidDeploymentConfigNameException', `Custom deployment config names cannot start with ${PREDEFINED_CONFIG_PREFIX}`);
  }
  const created = await ctx.store.deploymentConfigs.create(configFromInput(deploymentConfigName, input));
  switch (created.result) {
    case 'exists':
      throw new AwsError('DeploymentConfigAlreadyExistsException', `The deployment config ${deploymentConfigName} already exists.`);
    case 'limit':
      throw new AwsError('DeploymentConfigLimitExceededException', `At most ${MAX_CUSTOM_DEPLOYMENT_CONFIGS} custom deployment configs can exist.`);
    case 'created':
      return { deploymentConfigId: created.deploymentConfigId };
  }
};

function configFromInput(deploymentConfigName: string, input: CreateDeploymentConfigInput): NewDeploymentConfig {
  const computePlatform = input.computePlatform ?? 'Server';
  const trafficRoutingConfig = input.trafficRoutingConfig && checkTrafficRouting(input.trafficRoutingConfig, computePlatform);
  if (computePlatform === 'Server') {
    const zonalConfig = input.zonalConfig && checkZonalConfig(input.zonalConfig);
    return { deploymentConfigName, computePlatform, minimumHealthyHosts: checkMinimumHealthyHosts(input.minimumHealthyHosts), trafficRoutingConfig, zonalConfig };
  }
  if (input.zonalConfig) {
    throw new AwsError('InvalidZonalDeploymentConfigurationException', 'Zonal configs apply to the Server compute platform only.');
  }
  if (input.minimumHealthyHosts) {
    throw new AwsError('InvalidMinimumHealthyHostValueException', `${computePlatform} configs shift traffic; minimumHealthyHosts applies to Server configs only.`);
  }
  if (!trafficRoutingConfig) {
    throw new AwsError('InvalidTrafficRoutingConfigurationException', `${computePlatform} configs need a trafficRoutingConfig.`);
  }
  return { deploymentConfigName, computePlatform, trafficRoutingConfig };
}
