import type { AlarmConfiguration, AutoRollbackConfiguration, CreateDeploymentInput, DeploymentGroupInfo } from '@aws-sdk/client-codedeploy';
import type { ComputePlatform } from '../../core/lifecycle.ts';
import type { RevisionLocation } from '../../core/revision.ts';
import type { DeploymentDetails, NewDeployment } from '../../store/deployments.ts';

/** Everything CreateDeployment has checked and looked up, from which the deployment is built. */
export interface CheckedDeployment {
  deploymentId: string;
  input: CreateDeploymentInput;
  group: DeploymentGroupInfo;
  platform: ComputePlatform;
  deploymentConfigName: string;
  revision: RevisionLocation;
  previousRevision?: RevisionLocation;
  autoRollbackConfiguration?: AutoRollbackConfiguration;
  overrideAlarmConfiguration?: AlarmConfiguration;
  now: number;
}

/**
 * Builds the stored deployment: status Created, creator `user`, the effective settings (the
 * request's overrides, else the group's) and a snapshot of the group's style, load balancer and
 * blue/green options, so that later changes to the group do not change a running deployment.
 */
export function newDeployment(checked: CheckedDeployment): NewDeployment {
  const { group } = checked;
  return {
    deploymentId: checked.deploymentId,
    applicationName: group.applicationName!,
    deploymentGroupName: group.deploymentGroupName!,
    status: 'Created',
    createTime: checked.now,
    details: detailsOf(checked),
    control: { deploymentGroupId: group.deploymentGroupId },
  };
}

function detailsOf(checked: CheckedDeployment): DeploymentDetails {
  const { input, group, platform } = checked;
  return {
    deploymentConfigName: checked.deploymentConfigName,
    previousRevision: checked.previousRevision,
    revision: checked.revision,
    creator: 'user',
    description: input.description,
    ignoreApplicationStopFailures: input.ignoreApplicationStopFailures ?? false,
    autoRollbackConfiguration: checked.autoRollbackConfiguration,
    updateOutdatedInstancesOnly: input.updateOutdatedInstancesOnly ?? false,
    deploymentStyle: group.deploymentStyle,
    targetInstances: input.targetInstances,
    instanceTerminationWaitTimeStarted: false,
    // DISALLOW is the documented default; the option means nothing to Lambda and ECS.
    fileExistsBehavior: platform === 'Server' ? input.fileExistsBehavior ?? 'DISALLOW' : undefined,
    computePlatform: platform,
    loadBalancerInfo: group.loadBalancerInfo,
    blueGreenDeploymentConfiguration: group.blueGreenDeploymentConfiguration,
    overrideAlarmConfiguration: checked.overrideAlarmConfiguration,
  };
}
