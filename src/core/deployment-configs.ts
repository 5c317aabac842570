import type { ComputePlatform, DeploymentConfigInfo, TrafficRoutingConfig } from '@aws-sdk/client-codedeploy';

/** The prefix reserved for predefined configs; custom config names may not start with it. */
export const PREDEFINED_CONFIG_PREFIX = 'CodeDeployDefault.';

/** The config a Server deployment group uses when none is named. */
export const DEFAULT_SERVER_CONFIG = 'CodeDeployDefault.OneAtATime';
/** The config an ECS deployment group uses when none is named. */
export const DEFAULT_ECS_CONFIG = 'CodeDeployDefault.ECSAllAtOnce';
/** The config a Lambda deployment group uses when none is named. */
export const DEFAULT_LAMBDA_CONFIG = 'CodeDeployDefault.LambdaAllAtOnce';

/**
 * When the predefined configs "were created": a fixed date in the past (the day the service
 * launched), so that GetDeploymentConfig answers the same on every installation.
 */
export const PREDEFINED_CREATE_TIME_MS = Date.UTC(2014, 10, 12);

interface PredefinedConfig {
  name: string;
  computePlatform: ComputePlatform;
  minimumHealthyHosts?: { type: 'HOST_COUNT' | 'FLEET_PERCENT' | 'MOST_CONCURRENCY'; value: number };
  trafficRoutingConfig?: TrafficRoutingConfig;
}

const ALL_AT_ONCE: TrafficRoutingConfig = { type: 'AllAtOnce' };

function canary(minutes: number): TrafficRoutingConfig {
  return { type: 'TimeBasedCanary', timeBasedCanary: { canaryPercentage: 10, canaryInterval: minutes } };
}

function linear(minutes: number): TrafficRoutingConfig {
  return { type: 'TimeBasedLinear', timeBasedLinear: { linearPercentage: 10, linearInterval: minutes } };
}

// Order matters: it is the listing order of ListDeploymentConfigs and fixes each config's id.
// OneAtATime answers MOST_CONCURRENCY/1, a type callers cannot set themselves (the model's enum
// for input is HOST_COUNT | FLEET_PERCENT only).
const PREDEFINED: readonly PredefinedConfig[] = [
  { name: 'CodeDeployDefault.OneAtATime', computePlatform: 'Server', minimumHealthyHosts: { type: 'MOST_CONCURRENCY', value: 1 } },
  { name: 'CodeDeployDefault.HalfAtATime', computePlatform: 'Server', minimumHealthyHosts: { type: 'FLEET_PERCENT', value: 50 } },
  { name: 'CodeDeployDefault.AllAtOnce', computePlatform: 'Server', minimumHealthyHosts: { type: 'HOST_COUNT', value: 0 } },
  { name: 'CodeDeployDefault.ECSAllAtOnce', computePlatform: 'ECS', trafficRoutingConfig: ALL_AT_ONCE },
  { name: 'CodeDeployDefault.ECSCanary10Percent5Minutes', computePlatform: 'ECS', trafficRoutingConfig: canary(5) },
  { name: 'CodeDeployDefault.ECSCanary10Percent15Minutes', computePlatform: 'ECS', trafficRoutingConfig: canary(15) },
  { name: 'CodeDeployDefault.ECSLinear10PercentEvery1Minutes', computePlatform: 'ECS', trafficRoutingConfig: linear(1) },
  { name: 'CodeDeployDefault.ECSLinear10PercentEvery3Minutes', computePlatform: 'ECS', trafficRoutingConfig: linear(3) },
  { name: 'CodeDeployDefault.LambdaAllAtOnce', computePlatform: 'Lambda', trafficRoutingConfig: ALL_AT_ONCE },
  { name: 'CodeDeployDefault.LambdaCanary10Percent5Minutes', computePlatform: 'Lambda', trafficRoutingConfig: canary(5) },
  { name: 'CodeDeployDefault.LambdaCanary10Percent10Minutes', computePlatform: 'Lambda', trafficRoutingConfig: canary(10) },
  { name: 'CodeDeployDefault.LambdaCanary10Percent15Minutes', computePlatform: 'Lambda', trafficRoutingConfig: canary(15) },
  { name: 'CodeDeployDefault.LambdaCanary10Percent30Minutes', computePlatform: 'Lambda', trafficRoutingConfig: canary(30) },
  { name: 'CodeDeployDefault.LambdaLinear10PercentEvery1Minute', computePlatform: 'Lambda', trafficRoutingConfig: linear(1) },
  { name: 'CodeDeployDefault.LambdaLinear10PercentEvery2Minutes', computePlatform: 'Lambda', trafficRoutingConfig: linear(2) },
  { name: 'CodeDeployDefault.LambdaLinear10PercentEvery3Minutes', computePlatform: 'Lambda', trafficRoutingConfig: linear(3) },
  { name: 'CodeDeployDefault.LambdaLinear10PercentEvery10Minutes', computePlatform: 'Lambda', trafficRoutingConfig: linear(10) },
];

/** The names of the 17 predefined configs, in listing order. */
export const PREDEFINED_CONFIG_NAMES: readonly string[] = PREDEFINED.map((c) => c.name);

const BY_NAME = new Map(PREDEFINED.map((c, i) => [c.name, { config: c, index: i }]));

/** The fixed id of the predefined config at `index`: OneAtATime is `…0001`, as AWS reports it. */
function predefinedId(index: number): string {
  return `00000000-0000-0000-0000-${String(index + 1).padStart(12, '0')}`;
}

/**
 * Looks up a predefined config by its exact name. Lookups are case-sensitive on purpose: AWS
 * documents the names with one spelling, and a case-insensitive match would let look-alike
 * names (`…10percent…`) resolve differently here than on AWS, where they fail.
 */
export function findPredefinedConfig(name: string): DeploymentConfigInfo | undefined {
  const hit = BY_NAME.get(name);
  if (!hit) return undefined;
  const { config, index } = hit;
  return {
    deploymentConfigId: predefinedId(index),
    deploymentConfigName: config.name,
    computePlatform: config.computePlatform,
    createTime: new Date(PREDEFINED_CREATE_TIME_MS),
    // MOST_CONCURRENCY is an output-only type; the SDK's input enum does not list it.
    minimumHealthyHosts: config.minimumHealthyHosts && { ...config.minimumHealthyHosts } as DeploymentConfigInfo['minimumHealthyHosts'],
    trafficRoutingConfig: config.trafficRoutingConfig && structuredClone(config.trafficRoutingConfig),
  };
}

/** Returns true when `name` is exactly one of the predefined configs. */
export function isPredefinedConfig(name: string): boolean {
  return BY_NAME.has(name);
}

/**
 * Returns true when `name` starts with the reserved prefix, in any letter case: a custom
 * `codedeploydefault.X` would read as predefined to people while being custom here.
 */
export function hasReservedConfigPrefix(name: string): boolean {
  return name.toLowerCase().startsWith(PREDEFINED_CONFIG_PREFIX.toLowerCase());
}

/** The config a new deployment group gets when it names none, by compute platform. */
export function defaultConfigFor(platform: ComputePlatform): string {
  switch (platform) {
    case 'ECS':
      return DEFAULT_ECS_CONFIG;
    case 'Lambda':
      return DEFAULT_LAMBDA_CONFIG;
    default:
      return DEFAULT_SERVER_CONFIG;
  }
}
