import type { DeploymentGroupInfo, TargetInstances } from '@aws-sdk/client-codedeploy';
import type { TargetLabel } from '../../core/deployment.ts';
import { newResourceId } from '../../core/ids.ts';
import { selectInstances, type TagFilter } from '../../core/instance-selection.ts';
import { lifecycleEventNames, type ComputePlatform } from '../../core/lifecycle.ts';
import type { RevisionLocation } from '../../core/revision.ts';
import type { DeploymentTargetRecord } from '../../store/deployment-targets.ts';
import type { RegisteredInstance } from '../../store/instances.ts';
import type { Store } from '../../store/store.ts';
import { AwsError } from '../errors.ts';
import { checkTagFilters } from '../resources/deployment-group-rules.ts';
import { lambdaFunctionOf } from './lambda-appspec.ts';

/** Most filters in one targetInstances tag list, and most groups in its tag set. */
const MAX_TARGET_TAG_FILTERS = 10;
const MAX_TARGET_TAG_GROUPS = 3;

/** What target resolution needs to know about the deployment being created. */
export interface TargetRequest {
  store: Store;
  group: DeploymentGroupInfo;
  platform: ComputePlatform;
  revision: RevisionLocation;
  targetInstances?: TargetInstances;
  deploymentId: string;
  now: number;
  region: string;
  accountId: string;
}

/**
 * Resolves a new deployment's targets, each with its lifecycle events Pending:
 * * Server in-place: the group's fleet, selected now by its EC2 and on-premises tag filters or
 *   tag sets (the union of both), labelled Blue.
 * * Server blue/green: the group's fleet as the original (Blue) environment and the instances
 *   `targetInstances` selects as the replacement (Green).
 * * ECS: one target per service of the group. Lambda: the function in the AppSpec content.
 * A deployment may end up with no targets; the engine fails it with NO_INSTANCES.
 */
export async function resolveTargets(request: TargetRequest): Promise<DeploymentTargetRecord[]> {
  switch (request.platform) {
    case 'Server':
      return serverTargets(request);
    case 'ECS':
      return ecsTargets(request);
    case 'Lambda':
      return lambdaTargets(request);
  }
}

/**
 * Checks targetInstances against the deployment: they describe a blue/green replacement fleet,
 * so they are refused for in-place and non-Server deployments (InvalidTargetInstancesException).
 * Cutover has no Auto Scaling groups, so naming one fails as a missing group would.
 */
export function checkTargetInstances(targetInstances: TargetInstances | undefined, platform: ComputePlatform, group: DeploymentGroupInfo): void {
  checkGreenFleetOption(platform, group);
  if (!targetInstances) return;
  if (platform !== 'Server' || group.deploymentStyle?.deploymentType !== 'BLUE_GREEN') {
    throw new AwsError('InvalidTargetInstancesException', 'Target instances can be specified only for a blue/green deployment on the Server compute platform.');
  }
  const filters = targetInstances.tagFilters ?? [];
  const groups = targetInstances.ec2TagSet?.ec2TagSetList ?? [];
  if (filters.length > 0 && groups.length > 0) {
    throw new AwsError('InvalidTargetInstancesException', 'targetInstances may use tagFilters or ec2TagSet, not both.');
  }
  if (filters.length > MAX_TARGET_TAG_FILTERS || groups.some((g) => g.length > MAX_TARGET_TAG_FILTERS) || groups.length > MAX_TARGET_TAG_GROUPS) {
    throw new AwsError('InvalidTargetInstancesException',
      `targetInstances may have at most ${MAX_TARGET_TAG_FILTERS} tag filters per list and ${MAX_TARGET_TAG_GROUPS} tag groups.`);
  }
  [filters, ...groups].forEach((list) => checkTagFilters(list, 'InvalidTargetInstancesException'));
  if ((targetInstances.autoScalingGroups ?? []).length > 0) {
    throw new AwsError('InvalidAutoScalingGroupException',
      `Auto Scaling group ${targetInstances.autoScalingGroups![0]} does not exist: Cutover deploys to registered instances only.`);
  }
}

/**
 * Cutover has no Auto Scaling groups to copy, so a blue/green Server group that asks for
 * COPY_AUTO_SCALING_GROUP cannot deploy (the group itself is stored as given, for round trips).
 */
function checkGreenFleetOption(platform: ComputePlatform, group: DeploymentGroupInfo): void {
  if (platform !== 'Server' || group.deploymentStyle?.deploymentType !== 'BLUE_GREEN') return;
  if (group.blueGreenDeploymentConfiguration?.greenFleetProvisioningOption?.action !== 'COPY_AUTO_SCALING_GROUP') return;
  throw new AwsError('InvalidAutoScalingGroupException',
    'Cutover cannot copy an Auto Scaling group (greenFleetProvisioningOption COPY_AUTO_SCALING_GROUP): set the group\'s '
    + 'greenFleetProvisioningOption to DISCOVER_EXISTING and name the replacement instances in CreateDeployment\'s targetInstances (tag filters or an ec2TagSet).');
}

async function serverTargets(request: TargetRequest): Promise<DeploymentTargetRecord[]> {
  const fleet = await request.store.instances.listRegistered();
  const original = groupFleet(fleet, request.group);
  if (request.group.deploymentStyle?.deploymentType !== 'BLUE_GREEN') {
    return original.map((i) => instanceTarget(request, i, 'Blue'));
  }
  const replacement = replacementFleet(fleet, request.targetInstances);
  const green = new Set(replacement.map((i) => i.instanceName));
  return [
    ...original.filter((i) => !green.has(i.instanceName)).map((i) => instanceTarget(request, i, 'Blue')),
    ...replacement.map((i) => instanceTarget(request, i, 'Green')),
  ];
}

function groupFleet(fleet: RegisteredInstance[], group: DeploymentGroupInfo): RegisteredInstance[] {
  const ec2 = selectInstances(fleet, { tagFilters: group.ec2TagFilters as TagFilter[], tagSet: group.ec2TagSet?.ec2TagSetList as TagFilter[][] });
  const onPremises = selectInstances(fleet, {
    tagFilters: group.onPremisesInstanceTagFilters as TagFilter[], tagSet: group.onPremisesTagSet?.onPremisesTagSetList as TagFilter[][],
  });
  const chosen = new Set([...ec2, ...onPremises].map((i) => i.instanceName));
  return fleet.filter((i) => chosen.has(i.instanceName));
}

function replacementFleet(fleet: RegisteredInstance[], targetInstances: TargetInstances | undefined): RegisteredInstance[] {
  const selection = { tagFilters: targetInstances?.tagFilters as TagFilter[], tagSet: targetInstances?.ec2TagSet?.ec2TagSetList as TagFilter[][] };
  const hasTags = (selection.tagFilters ?? []).length > 0 || (selection.tagSet ?? []).some((g) => g.length > 0);
  const chosen = selectInstances(fleet, selection);
  if (hasTags && chosen.length === 0) {
    throw new AwsError('InvalidTargetInstancesException', 'The specified tags are not currently applied to any registered instance.');
  }
  return chosen;
}

function instanceTarget(request: TargetRequest, instance: RegisteredInstance, label: TargetLabel): DeploymentTargetRecord {
  const events = lifecycleEventNames({ computePlatform: 'Server', deploymentStyle: request.group.deploymentStyle, instanceLabel: label });
  return {
    ...pendingTarget(request, instance.instanceName, events),
    targetType: 'InstanceTarget',
    targetArn: instance.instanceArn,
    instanceLabel: label,
  };
}

function ecsTargets(request: TargetRequest): DeploymentTargetRecord[] {
  const events = lifecycleEventNames({ computePlatform: 'ECS' });
  return (request.group.ecsServices ?? []).map((service) => ({
    ...pendingTarget(request, `${service.clusterName}:${service.serviceName}`, events),
    targetType: 'ECSTarget',
    targetArn: `arn:aws:ecs:${request.region}:${request.accountId}:service/${service.clusterName}/${service.serviceName}`,
  }));
}

function lambdaTargets(request: TargetRequest): DeploymentTargetRecord[] {
  const content = request.revision.appSpecContent?.content ?? request.revision.string?.content;
  // An AppSpec file in S3 is read when the deployment starts; only inline content is known now.
  if (content === undefined) return [];
  const info = lambdaFunctionOf(content);
  const targetId = `${info.functionName}:${info.functionAlias}`;
  return [{
    ...pendingTarget(request, targetId, lifecycleEventNames({ computePlatform: 'Lambda' })),
    targetType: 'LambdaTarget',
    targetArn: `arn:aws:lambda:${request.region}:${request.accountId}:function:${targetId}`,
    lambdaFunctionInfo: { ...info, targetVersionWeight: 0 },
  }];
}

function pendingTarget(request: TargetRequest, targetId: string, eventNames: string[]) {
  return {
    deploymentId: request.deploymentId,
    targetId,
    status: 'Pending' as const,
    lastUpdatedAt: request.now,
    lifecycleEvents: eventNames.map((lifecycleEventName) => ({
      lifecycleEventName, status: 'Pending' as const, hookExecutionId: newResourceId(),
    })),
  };
}
