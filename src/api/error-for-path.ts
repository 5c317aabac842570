import type { AwsErrorName } from './errors.ts';
import { isAwsErrorName } from './errors.ts';
import { operationErrors } from './service-model.ts';

/**
 * Members whose exception name does not follow the `Invalid<Member>Exception` /
 * `<Member>RequiredException` convention. Read off each operation's error list in the model.
 */
const INVALID_ALIASES: Record<string, string[]> = {
  ec2TagFilters: ['InvalidEC2TagException'],
  ec2TagSet: ['InvalidEC2TagException'],
  onPremisesInstanceTagFilters: ['InvalidTagException'],
  onPremisesTagSet: ['InvalidTagException'],
  tagFilters: ['InvalidTagFilterException'],
  tags: ['InvalidTagException', 'InvalidTagsToAddException'],
  tagKeys: ['InvalidTagException'],
  alarmConfiguration: ['InvalidAlarmConfigException'],
  overrideAlarmConfiguration: ['InvalidAlarmConfigException'],
  triggerConfigurations: ['InvalidTriggerConfigException'],
  autoRollbackConfiguration: ['InvalidAutoRollbackConfigException'],
  minimumHealthyHosts: ['InvalidMinimumHealthyHostValueException'],
  trafficRoutingConfig: ['InvalidTrafficRoutingConfigurationException'],
  zonalConfig: ['InvalidZonalDeploymentConfigurationException'],
  serviceRoleArn: ['InvalidRoleException'],
  ecsServices: ['InvalidECSServiceException'],
  targetGroupPairInfoList: ['InvalidTargetGroupPairException'],
  targetIds: ['InvalidDeploymentTargetIdException'],
  targetId: ['InvalidDeploymentTargetIdException'],
  tokenName: ['InvalidGitHubAccountTokenNameException'],
  includeOnlyStatuses: ['InvalidDeploymentStatusException'],
  instanceStatusFilter: ['InvalidInstanceStatusException'],
  instanceTypeFilter: ['InvalidInstanceTypeException', 'InvalidDeploymentInstanceTypeException'],
  targetFilters: ['InvalidTargetFilterNameException'],
  s3Bucket: ['InvalidBucketNameFilterException'],
  s3KeyPrefix: ['InvalidKeyPrefixFilterException'],
  deployed: ['InvalidDeployedStateFilterException'],
  createTimeRange: ['InvalidTimeRangeException'],
  ignoreApplicationStopFailures: ['InvalidIgnoreApplicationStopFailuresValueException'],
  updateOutdatedInstancesOnly: ['InvalidUpdateOutdatedInstancesOnlyValueException'],
  status: ['InvalidLifecycleEventHookExecutionStatusException'],
  description: ['DescriptionTooLongException'],
  resourceArn: ['InvalidArnException'],
  blueGreenDeploymentConfiguration: ['InvalidBlueGreenDeploymentConfigurationException'],
  autoScalingGroups: ['InvalidAutoScalingGroupException'],
  currentDeploymentGroupName: ['InvalidDeploymentGroupNameException'],
  newDeploymentGroupName: ['InvalidDeploymentGroupNameException'],
  newApplicationName: ['InvalidApplicationNameException'],
};

const REQUIRED_ALIASES: Record<string, string[]> = {
  serviceRoleArn: ['RoleRequiredException'],
  targetIds: ['DeploymentTargetIdRequiredException'],
  targetId: ['DeploymentTargetIdRequiredException'],
  tokenName: ['GitHubAccountTokenNameRequiredException'],
  tags: ['TagRequiredException'],
  tagKeys: ['TagRequiredException'],
  instanceId: ['InstanceIdRequiredException'],
  resourceArn: ['ResourceArnRequiredException'],
  currentDeploymentGroupName: ['DeploymentGroupNameRequiredException'],
};

/** Why a value was refused: a missing required member or a value outside its constraints. */
export type Violation = 'required' | 'invalid';

function capitalize(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function singular(name: string): string {
  return name.endsWith('s') ? name.slice(0, -1) : name;
}

function conventionalNames(member: string, violation: Violation): string[] {
  const forms = [capitalize(member), capitalize(singular(member))];
  const aliases = (violation === 'required' ? REQUIRED_ALIASES : INVALID_ALIASES)[member] ?? [];
  const conventional = violation === 'required'
    ? forms.map((f) => `${f}RequiredException`)
    : forms.map((f) => `Invalid${f}Exception`);
  return [...aliases, ...conventional];
}

/**
 * Picks the exception AWS returns for a violation at `path` (member names from the top of the
 * input) in `operation`: the innermost member whose conventional or aliased exception is in the
 * operation's error list wins, then `InvalidInputException` when listed, then `ValidationException`.
 */
export function errorForPath(operation: string, path: string[], violation: Violation): AwsErrorName {
  const allowed = operationErrors(operation);
  const members = path.filter((p) => !/^\d+$/.test(p));
  const kinds: Violation[] = violation === 'required' ? ['required', 'invalid'] : ['invalid'];
  for (const kind of kinds) {
    for (let i = members.length - 1; i >= 0; i--) {
      const hit = conventionalNames(members[i]!, kind).find((n) => allowed.has(n));
      if (hit && isAwsErrorName(hit)) return hit;
    }
  }
  return allowed.has('InvalidInputException') ? 'InvalidInputException' : 'ValidationException';
}
