import type {
  ComputePlatform, MinimumHealthyHosts, MinimumHealthyHostsPerZone, TrafficRoutingConfig, ZonalConfig,
} from '@aws-sdk/client-codedeploy';
import { MAX_LAMBDA_SHIFT_MINUTES } from '../../core/limits.ts';
import { AwsError, type AwsErrorName } from '../errors.ts';

/**
 * Checks a minimum-healthy-hosts setting: HOST_COUNT 0 or more, FLEET_PERCENT 0 to 99 (100%
 * would leave nothing to deploy to). `error` is the exception of the member being checked.
 */
export function checkMinimumHealthyHosts<T extends MinimumHealthyHosts | MinimumHealthyHostsPerZone>(
  hosts: T | undefined, error: AwsErrorName = 'InvalidMinimumHealthyHostValueException',
): T {
  if (!hosts?.type || hosts.value === undefined) throw new AwsError(error, 'A minimum healthy hosts setting needs a type and a value.');
  const max = hosts.type === 'FLEET_PERCENT' ? 99 : Number.MAX_SAFE_INTEGER;
  if (hosts.value < 0 || hosts.value > max) {
    throw new AwsError(error, hosts.type === 'FLEET_PERCENT'
      ? 'A FLEET_PERCENT minimum must be between 0 and 99.' : 'A HOST_COUNT minimum must be 0 or more.');
  }
  return { type: hosts.type, value: hosts.value } as T;
}

/**
 * Checks a traffic routing config: the member matching its type and no other, percentages 1–99,
 * intervals of at least a minute, and for Lambda at most 2880 minutes from the first shift to the
 * last.
 */
export function checkTrafficRouting(config: TrafficRoutingConfig, platform: ComputePlatform): TrafficRoutingConfig {
  const { type, timeBasedCanary: canary, timeBasedLinear: linear } = config;
  if (type === 'AllAtOnce' && !canary && !linear) return { type };
  if (type === 'TimeBasedCanary' && canary && !linear) {
    const interval = checkStep(canary.canaryPercentage, canary.canaryInterval);
    checkLambdaSpan(platform, interval);
    return { type, timeBasedCanary: { canaryPercentage: canary.canaryPercentage, canaryInterval: interval } };
  }
  if (type === 'TimeBasedLinear' && linear && !canary) {
    const interval = checkStep(linear.linearPercentage, linear.linearInterval);
    // Shifts happen every interval until 100%: ceil(100 / p) steps, so ceil(100 / p) - 1 waits.
    checkLambdaSpan(platform, interval * (Math.ceil(100 / linear.linearPercentage!) - 1));
    return { type, timeBasedLinear: { linearPercentage: linear.linearPercentage, linearInterval: interval } };
  }
  throw invalidRouting(`A ${type ?? 'traffic routing'} config needs ${routingMemberFor(type)} and no other routing member.`);
}

/**
 * Checks a zonal config: durations of 0 seconds or more and a valid per-zone minimum. Returns
 * undefined for an empty one.
 */
export function checkZonalConfig(config: ZonalConfig): ZonalConfig | undefined {
  const { firstZoneMonitorDurationInSeconds: first, monitorDurationInSeconds: each, minimumHealthyHostsPerZone: perZone } = config;
  if (first === undefined && each === undefined && perZone === undefined) return undefined;
  if ((first ?? 0) < 0 || (each ?? 0) < 0) {
    throw new AwsError('InvalidZonalDeploymentConfigurationException', 'Zonal monitor durations must be 0 seconds or more.');
  }
  return {
    firstZoneMonitorDurationInSeconds: first,
    monitorDurationInSeconds: each,
    minimumHealthyHostsPerZone: perZone && checkMinimumHealthyHosts(perZone, 'InvalidZonalDeploymentConfigurationException'),
  };
}

function checkStep(percentage: number | undefined, interval: number | undefined): number {
  if (percentage === undefined || percentage < 1 || percentage > 99) throw invalidRouting('Traffic percentages must be between 1 and 99.');
  if (interval === undefined || interval < 1) throw invalidRouting('Traffic shift intervals must be at least 1 minute.');
  return interval;
}

function checkLambdaSpan(platform: ComputePlatform, minutes: number): void {
  if (platform === 'Lambda' && minutes > MAX_LAMBDA_SHIFT_MINUTES) {
    throw invalidRouting(`A Lambda deployment can take at most ${MAX_LAMBDA_SHIFT_MINUTES} minutes from the first traffic shift to the last.`);
  }
}

function routingMemberFor(type: string | undefined): string {
  if (type === 'TimeBasedCanary') return 'timeBasedCanary';
  if (type === 'TimeBasedLinear') return 'timeBasedLinear';
  if (type === 'AllAtOnce') return 'no settings';
  return 'a type';
}

function invalidRouting(message: string): AwsError {
  return new AwsError('InvalidTrafficRoutingConfigurationException', message);
}
