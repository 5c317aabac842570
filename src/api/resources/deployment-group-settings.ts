import type {
  ComputePlatform, CreateDeploymentGroupInput, DeploymentStyle, UpdateDeploymentGroupInput,
} from '@aws-sdk/client-codedeploy';
import type { DeploymentGroupSettings } from '../../store/deployment-groups.ts';
import { AwsError } from '../errors.ts';
import {
  checkAlarmConfiguration, checkAutoRollbackConfiguration, checkAutoScalingGroups, checkBlueGreenConfiguration,
  checkEcsServices, checkLoadBalancerInfo, checkServiceRole, checkTagFilters, checkTagSet, checkTriggers,
} from './deployment-group-rules.ts';

/** The members of Create/UpdateDeploymentGroupInput that are settings (not names or tags). */
export type SettingsInput = Omit<CreateDeploymentGroupInput, 'applicationName' | 'deploymentGroupName' | 'deploymentConfigName' | 'tags' | 'serviceRoleArn'>
  & Pick<UpdateDeploymentGroupInput, 'serviceRoleArn'>;

type Settings = Partial<DeploymentGroupSettings>;
type Patch = { [K in keyof Settings]: Settings[K] | undefined };

/**
 * Turns the settings a request carries into a patch: one entry per member present, checked
 * and normalised. An entry whose value is undefined clears the setting: an empty list, or the
 * all-off structure Terraform's provider sends when a block is removed.
 */
export function settingsPatch(input: SettingsInput): Patch {
  const patch: Patch = {};
  const set = <K extends keyof Settings>(key: K, value: Settings[K] | undefined) => { patch[key] = value; };
  if (input.serviceRoleArn !== undefined) set('serviceRoleArn', checkServiceRole(input.serviceRoleArn));
  if (input.ec2TagFilters) set('ec2TagFilters', nonEmpty(checkTagFilters(input.ec2TagFilters, 'InvalidEC2TagException')));
  if (input.onPremisesInstanceTagFilters) set('onPremisesInstanceTagFilters', nonEmpty(checkTagFilters(input.onPremisesInstanceTagFilters, 'InvalidTagException')));
  if (input.ec2TagSet) set('ec2TagSet', wrapSet(checkTagSet(input.ec2TagSet.ec2TagSetList ?? [], 'InvalidEC2TagException'), 'ec2TagSetList'));
  if (input.onPremisesTagSet) set('onPremisesTagSet', wrapSet(checkTagSet(input.onPremisesTagSet.onPremisesTagSetList ?? [], 'InvalidTagException'), 'onPremisesTagSetList'));
  if (input.autoScalingGroups) set('autoScalingGroups', nonEmpty(checkAutoScalingGroups(input.autoScalingGroups)));
  if (input.triggerConfigurations) set('triggerConfigurations', nonEmpty(checkTriggers(input.triggerConfigurations)));
  if (input.alarmConfiguration) set('alarmConfiguration', checkAlarmConfiguration(input.alarmConfiguration));
  if (input.autoRollbackConfiguration) set('autoRollbackConfiguration', checkAutoRollbackConfiguration(input.autoRollbackConfiguration));
  if (input.loadBalancerInfo) set('loadBalancerInfo', checkLoadBalancerInfo(input.loadBalancerInfo));
  if (input.blueGreenDeploymentConfiguration) set('blueGreenDeploymentConfiguration', checkBlueGreenConfiguration(input.blueGreenDeploymentConfiguration));
  if (input.ecsServices) set('ecsServices', nonEmpty(checkEcsServices(input.ecsServices)));
  if (input.deploymentStyle) set('deploymentStyle', input.deploymentStyle as DeploymentGroupSettings['deploymentStyle']);
  if (input.outdatedInstancesStrategy) set('outdatedInstancesStrategy', input.outdatedInstancesStrategy);
  if (input.terminationHookEnabled !== undefined) set('terminationHookEnabled', input.terminationHookEnabled);
  return patch;
}

/**
 * Applies a patch to stored settings (or to nothing, on create), fills the defaults AWS
 * reports, and checks the rules that span members. `platform` is the application's.
 */
export function resolveSettings(options: { base?: DeploymentGroupSettings; patch: Patch; platform: ComputePlatform }): DeploymentGroupSettings {
  const merged: Settings = { ...options.base };
  for (const [key, value] of Object.entries(options.patch) as [keyof Settings, unknown][]) {
    if (value === undefined) delete merged[key];
    else (merged as Record<string, unknown>)[key] = value;
  }
  if (!merged.serviceRoleArn) throw new AwsError('RoleRequiredException', 'A service role ARN is required.');
  const settings: DeploymentGroupSettings = {
    ...merged,
    serviceRoleArn: merged.serviceRoleArn,
    deploymentStyle: resolveStyle(merged.deploymentStyle, options.platform),
    outdatedInstancesStrategy: merged.outdatedInstancesStrategy ?? 'UPDATE',
    terminationHookEnabled: merged.terminationHookEnabled ?? false,
  };
  checkCombinations(settings, options.platform);
  return settings;
}

/**
 * Fills the deployment style. Server groups default to IN_PLACE without traffic control.
 * Lambda and ECS deployments are always blue/green with traffic control, so that is their
 * default and anything else is refused.
 */
function resolveStyle(style: DeploymentStyle | undefined, platform: ComputePlatform): DeploymentGroupSettings['deploymentStyle'] {
  if (platform === 'Server') {
    return { deploymentType: style?.deploymentType ?? 'IN_PLACE', deploymentOption: style?.deploymentOption ?? 'WITHOUT_TRAFFIC_CONTROL' };
  }
  const resolved = { deploymentType: style?.deploymentType ?? 'BLUE_GREEN', deploymentOption: style?.deploymentOption ?? 'WITH_TRAFFIC_CONTROL' } as const;
  if (resolved.deploymentType !== 'BLUE_GREEN' || resolved.deploymentOption !== 'WITH_TRAFFIC_CONTROL') {
    throw new AwsError('InvalidDeploymentStyleException', `${platform} deployment groups must be BLUE_GREEN with WITH_TRAFFIC_CONTROL.`);
  }
  return resolved;
}

function checkCombinations(s: DeploymentGroupSettings, platform: ComputePlatform): void {
  if (s.ec2TagFilters && s.ec2TagSet) {
    throw new AwsError('InvalidEC2TagCombinationException', 'Use ec2TagFilters or ec2TagSet, not both.');
  }
  if (s.onPremisesInstanceTagFilters && s.onPremisesTagSet) {
    throw new AwsError('InvalidOnPremisesTagCombinationException', 'Use onPremisesInstanceTagFilters or onPremisesTagSet, not both.');
  }
  if (platform === 'ECS' && !s.ecsServices) throw new AwsError('InvalidECSServiceException', 'An ECS deployment group needs an ECS service.');
  if (platform !== 'ECS' && s.ecsServices) throw new AwsError('InvalidECSServiceException', 'Only ECS deployment groups target ECS services.');
  const copiesAsg = s.blueGreenDeploymentConfiguration?.greenFleetProvisioningOption?.action === 'COPY_AUTO_SCALING_GROUP';
  if (copiesAsg && s.deploymentStyle.deploymentType === 'BLUE_GREEN' && s.autoScalingGroups?.length !== 1) {
    throw new AwsError('InvalidBlueGreenDeploymentConfigurationException',
      'For COPY_AUTO_SCALING_GROUP, exactly one Auto Scaling group must be specified.');
  }
}

function nonEmpty<T>(list: T[]): T[] | undefined {
  return list.length ? list : undefined;
}

function wrapSet<T, K extends string>(groups: T[][], member: K): { [P in K]: T[][] } | undefined {
  return groups.length ? ({ [member]: groups } as { [P in K]: T[][] }) : undefined;
}
