import type {
  AlarmConfiguration, AutoRollbackConfiguration, BlueGreenDeploymentConfiguration, EC2TagFilter,
  ECSService, LoadBalancerInfo, TagFilter, TargetGroupPairInfo, TriggerConfig,
} from '@aws-sdk/client-codedeploy';
import {
  MAX_ALARMS, MAX_AUTO_SCALING_GROUPS, MAX_LOAD_BALANCERS, MAX_TAG_KEY_LENGTH, MAX_TAG_SET_GROUPS,
  MAX_TAG_VALUE_LENGTH, MAX_TERMINATION_WAIT_MINUTES, MAX_TRIGGERS,
} from '../../core/limits.ts';
import { AwsError, type AwsErrorName } from '../errors.ts';

// Checks on single deployment group settings, member by member. Each throws the exception the
// model lists for that member; rules that span members live in deployment-group-settings.ts.

/** A service role: an IAM role ARN, path allowed (`arn:aws:iam::123456789012:role/path/Name`). */
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/** Checks the service role ARN; throws InvalidRoleException when it is not an IAM role ARN. */
export function checkServiceRole(arn: string): string {
  if (!ROLE_ARN.test(arn)) throw new AwsError('InvalidRoleException', `The service role ${arn} is not an IAM role ARN.`);
  return arn;
}

/**
 * Checks tag filters: KEY_ONLY needs a key, VALUE_ONLY a value, KEY_AND_VALUE a key (EC2 tag
 * values may be empty), and a filter without a type a key or a value. Empty strings are kept as
 * sent, since Terraform sends `""` for the unused half of a filter.
 */
export function checkTagFilters<T extends EC2TagFilter | TagFilter>(filters: T[], error: AwsErrorName): T[] {
  for (const f of filters) {
    const key = f.Key ?? '';
    const value = f.Value ?? '';
    if (!hasNeededParts(f.Type, key, value)) throw new AwsError(error, `A tag filter of type ${f.Type ?? '(none)'} is missing its key or value.`);
    if ([...key].length > MAX_TAG_KEY_LENGTH || [...value].length > MAX_TAG_VALUE_LENGTH) {
      throw new AwsError(error, `Tag filter keys have at most ${MAX_TAG_KEY_LENGTH} characters and values at most ${MAX_TAG_VALUE_LENGTH}.`);
    }
  }
  return filters;
}

function hasNeededParts(type: string | undefined, key: string, value: string): boolean {
  if (type === 'KEY_ONLY' || type === 'KEY_AND_VALUE') return key !== '';
  if (type === 'VALUE_ONLY') return value !== '';
  return key !== '' || value !== '';
}

/** Checks a tag set (groups of filters, ANDed): at most three groups, each a valid filter list. */
export function checkTagSet<T extends EC2TagFilter | TagFilter>(groups: T[][], error: AwsErrorName): T[][] {
  if (groups.length > MAX_TAG_SET_GROUPS) {
    throw new AwsError('TagSetListLimitExceededException', `A tag set can have at most ${MAX_TAG_SET_GROUPS} tag groups.`);
  }
  return groups.map((g) => checkTagFilters(g, error));
}

/** Checks Auto Scaling group names: at most ten, none empty. */
export function checkAutoScalingGroups(names: string[]): string[] {
  if (names.length > MAX_AUTO_SCALING_GROUPS) {
    throw new AwsError('InvalidAutoScalingGroupException', `A deployment group can have at most ${MAX_AUTO_SCALING_GROUPS} Auto Scaling groups.`);
  }
  if (names.some((n) => n === '')) throw new AwsError('InvalidAutoScalingGroupException', 'Auto Scaling group names must not be empty.');
  return [...new Set(names)];
}

/** Checks triggers: at most ten, each with a unique name, a target ARN and at least one event. */
export function checkTriggers(triggers: TriggerConfig[]): TriggerConfig[] {
  if (triggers.length > MAX_TRIGGERS) {
    throw new AwsError('TriggerTargetsLimitExceededException', `A deployment group can have at most ${MAX_TRIGGERS} triggers.`);
  }
  const names = new Set<string>();
  for (const trigger of triggers) {
    if (!trigger.triggerName) throw new AwsError('InvalidTriggerConfigException', 'Each trigger needs a triggerName.');
    if (names.has(trigger.triggerName)) throw new AwsError('InvalidTriggerConfigException', `The trigger name ${trigger.triggerName} is used twice.`);
    names.add(trigger.triggerName);
    if (!trigger.triggerTargetArn?.startsWith('arn:')) {
      throw new AwsError('InvalidTriggerConfigException', `The trigger ${trigger.triggerName} needs a target ARN.`);
    }
    if (!trigger.triggerEvents?.length) throw new AwsError('InvalidTriggerConfigException', `The trigger ${trigger.triggerName} needs at least one event.`);
  }
  return triggers;
}

/**
 * Checks an alarm configuration and fills its booleans (false when absent, as AWS reports
 * them). Returns undefined for the all-off configuration clients send to remove it.
 */
export function checkAlarmConfiguration(config: AlarmConfiguration): AlarmConfiguration | undefined {
  const alarms = config.alarms ?? [];
  const filled = { enabled: config.enabled ?? false, ignorePollAlarmFailure: config.ignorePollAlarmFailure ?? false, alarms };
  if (!filled.enabled && !filled.ignorePollAlarmFailure && alarms.length === 0) return undefined;
  if (alarms.length > MAX_ALARMS) throw new AwsError('AlarmsLimitExceededException', `A deployment group can have at most ${MAX_ALARMS} alarms.`);
  if (alarms.some((a) => !a.name)) throw new AwsError('InvalidAlarmConfigException', 'Each alarm needs a name.');
  if (filled.enabled && alarms.length === 0) throw new AwsError('InvalidAlarmConfigException', 'An enabled alarm configuration needs at least one alarm.');
  return filled;
}

/**
 * Checks an automatic rollback configuration; returns undefined for the disabled, event-less
 * configuration clients send to remove it.
 */
export function checkAutoRollbackConfiguration(config: AutoRollbackConfiguration): AutoRollbackConfiguration | undefined {
  const filled = { enabled: config.enabled ?? false, events: config.events ?? [] };
  if (!filled.enabled && filled.events.length === 0) return undefined;
  if (filled.enabled && filled.events.length === 0) {
    throw new AwsError('InvalidAutoRollbackConfigException', 'An enabled automatic rollback configuration needs at least one event.');
  }
  return filled;
}

/**
 * Checks load balancer info: at most ten classic ELBs and ten target groups, at most one
 * target group pair (two target groups, one production listener, at most one test listener).
 * Returns undefined when every list is empty: that is how clients remove it.
 */
export function checkLoadBalancerInfo(info: LoadBalancerInfo): LoadBalancerInfo | undefined {
  const lists = [info.elbInfoList, info.targetGroupInfoList];
  if (lists.every((l) => !l?.length) && !info.targetGroupPairInfoList?.length) return undefined;
  for (const list of lists) {
    if ((list?.length ?? 0) > MAX_LOAD_BALANCERS) {
      throw new AwsError('InvalidLoadBalancerInfoException', `Each load balancer list can have at most ${MAX_LOAD_BALANCERS} entries.`);
    }
    if (list?.some((lb) => !lb.name)) throw new AwsError('InvalidLoadBalancerInfoException', 'Each load balancer needs a name.');
  }
  const pairs = info.targetGroupPairInfoList ?? [];
  if (pairs.length > 1) throw new AwsError('InvalidTargetGroupPairException', 'A deployment group can have at most one target group pair.');
  pairs.forEach(checkTargetGroupPair);
  return {
    elbInfoList: info.elbInfoList?.length ? info.elbInfoList : undefined,
    targetGroupInfoList: info.targetGroupInfoList?.length ? info.targetGroupInfoList : undefined,
    targetGroupPairInfoList: pairs.length ? pairs : undefined,
  };
}

function checkTargetGroupPair(pair: TargetGroupPairInfo): void {
  if (pair.targetGroups?.length !== 2 || pair.targetGroups.some((g) => !g.name)) {
    throw new AwsError('InvalidTargetGroupPairException', 'A target group pair needs exactly two named target groups.');
  }
  if (pair.prodTrafficRoute?.listenerArns?.length !== 1) {
    throw new AwsError('InvalidTargetGroupPairException', 'A target group pair needs exactly one production listener.');
  }
  if ((pair.testTrafficRoute?.listenerArns?.length ?? 0) > 1) {
    throw new AwsError('InvalidTargetGroupPairException', 'A target group pair can have at most one test listener.');
  }
}

/** Checks ECS services: each names a cluster and a service; a group targets at most one. */
export function checkEcsServices(services: ECSService[]): ECSService[] {
  if (services.length > 1) throw new AwsError('InvalidECSServiceException', 'A deployment group can target at most one ECS service.');
  if (services.some((s) => !s.clusterName || !s.serviceName)) {
    throw new AwsError('InvalidECSServiceException', 'An ECS service needs a clusterName and a serviceName.');
  }
  return services;
}

/**
 * Checks a blue/green configuration: wait times between 0 and 2880 minutes. Returns undefined
 * when it has no member at all.
 */
export function checkBlueGreenConfiguration(config: BlueGreenDeploymentConfiguration): BlueGreenDeploymentConfiguration | undefined {
  const { deploymentReadyOption: ready, terminateBlueInstancesOnDeploymentSuccess: terminate, greenFleetProvisioningOption: green } = config;
  if (!ready && !terminate && !green) return undefined;
  for (const minutes of [ready?.waitTimeInMinutes, terminate?.terminationWaitTimeInMinutes]) {
    if (minutes !== undefined && (minutes < 0 || minutes > MAX_TERMINATION_WAIT_MINUTES)) {
      throw new AwsError('InvalidBlueGreenDeploymentConfigurationException', `Wait times must be between 0 and ${MAX_TERMINATION_WAIT_MINUTES} minutes.`);
    }
  }
  return config;
}
