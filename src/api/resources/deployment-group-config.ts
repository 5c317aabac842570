import type { ComputePlatform } from '@aws-sdk/client-codedeploy';
import { defaultConfigFor } from '../../core/deployment-configs.ts';
import type { Store } from '../../store/store.ts';
import { AwsError } from '../errors.ts';
import { deploymentConfigMissing } from './lookups.ts';
import { checkName, DEPLOYMENT_CONFIG_NAME } from './names.ts';

/**
 * The deployment config a group will use: the one named, or the platform's default. It must
 * exist (DeploymentConfigDoesNotExistException) and be for the application's compute platform
 * (InvalidDeploymentConfigNameException: a Lambda config cannot drive a Server group).
 */
export async function resolveGroupConfig(store: Store, name: string | undefined, platform: ComputePlatform): Promise<string> {
  const configName = name === undefined ? defaultConfigFor(platform) : checkName(name, DEPLOYMENT_CONFIG_NAME);
  const config = await store.deploymentConfigs.find(configName);
  if (!config) throw deploymentConfigMissing(configName);
  if (config.computePlatform !== platform) {
    throw new AwsError('InvalidDeploymentConfigNameException',
      `The deployment config ${configName} is for the ${config.computePlatform} compute platform, not ${platform}.`);
  }
  return configName;
}
