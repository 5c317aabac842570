/**
 * Lifecycle events: their statuses and the order each kind of target runs them in.
 *
 * ```
 * Server, in-place (the traffic events only WITH_TRAFFIC_CONTROL):
 *   [BeforeBlockTraffic → BlockTraffic* → AfterBlockTraffic] → ApplicationStop → DownloadBundle*
 *   → BeforeInstall → Install* → AfterInstall → ApplicationStart → ValidateService
 *   → [BeforeAllowTraffic → AllowTraffic* → AfterAllowTraffic]
 * Server, blue/green:
 *   Green (replacement) ApplicationStop … ValidateService → BeforeAllowTraffic → AllowTraffic* → AfterAllowTraffic
 *   Blue (original)     BeforeBlockTraffic → BlockTraffic* → AfterBlockTraffic
 * ECS:    BeforeInstall → Install* → AfterInstall → AllowTestTraffic* → AfterAllowTestTraffic
 *         → BeforeAllowTraffic → AllowTraffic* → AfterAllowTraffic
 * Lambda: BeforeAllowTraffic → AllowTraffic* → AfterAllowTraffic
 * ```
 * `*` marks events the service or agent performs itself; no user hook runs in them.
 */

/**
 * The status of one lifecycle event on one target:
 * * `Pending` - not started.
 * * `InProgress` - running (a script, a hook function, or a traffic step).
 * * `Succeeded` - finished without error.
 * * `Failed` - finished with an error; `diagnostics` says which.
 * * `Skipped` - not run, e.g. because an earlier event failed or the deployment stopped.
 * * `Unknown` - the outcome could not be determined.
 */
export type LifecycleEventStatus = 'Pending' | 'InProgress' | 'Succeeded' | 'Failed' | 'Skipped' | 'Unknown';

/** Returns true when a lifecycle event in `status` has finished and can no longer change. */
export function isLifecycleEventDone(status: LifecycleEventStatus): boolean {
  return status !== 'Pending' && status !== 'InProgress';
}

/** Which platform a deployment targets, as the model's ComputePlatform enum spells it. */
export type ComputePlatform = 'Server' | 'Lambda' | 'ECS';

/** How a deployment replaces the revision, as the model's DeploymentStyle spells it. */
export interface DeploymentStyle {
  deploymentType?: 'IN_PLACE' | 'BLUE_GREEN' | string;
  deploymentOption?: 'WITH_TRAFFIC_CONTROL' | 'WITHOUT_TRAFFIC_CONTROL' | string;
}

const BLOCK_TRAFFIC = ['BeforeBlockTraffic', 'BlockTraffic', 'AfterBlockTraffic'];
const ALLOW_TRAFFIC = ['BeforeAllowTraffic', 'AllowTraffic', 'AfterAllowTraffic'];
const INSTALL = ['ApplicationStop', 'DownloadBundle', 'BeforeInstall', 'Install', 'AfterInstall', 'ApplicationStart', 'ValidateService'];
const ECS_EVENTS = ['BeforeInstall', 'Install', 'AfterInstall', 'AllowTestTraffic', 'AfterAllowTestTraffic', ...ALLOW_TRAFFIC];

/** Events the service or the agent performs itself; hooks cannot run in them. */
export const RESERVED_LIFECYCLE_EVENTS: ReadonlySet<string> = new Set([
  'DownloadBundle', 'Install', 'BlockTraffic', 'AllowTraffic', 'AllowTestTraffic',
]);

/** Which target the order is for: the platform, the deployment style and the target's label. */
export interface LifecycleOrderOptions {
  computePlatform: ComputePlatform;
  deploymentStyle?: DeploymentStyle;
  /** Blue/green Server targets only: `Blue` for the original fleet, `Green` for the replacement. */
  instanceLabel?: 'Blue' | 'Green';
}

/** The lifecycle event names one target runs, in order. */
export function lifecycleEventNames(options: LifecycleOrderOptions): string[] {
  switch (options.computePlatform) {
    case 'Lambda':
      return [...ALLOW_TRAFFIC];
    case 'ECS':
      return [...ECS_EVENTS];
    case 'Server':
      return serverEventNames(options.deploymentStyle, options.instanceLabel);
  }
}

function serverEventNames(style: DeploymentStyle | undefined, label: 'Blue' | 'Green' | undefined): string[] {
  if (style?.deploymentType === 'BLUE_GREEN') {
    return label === 'Blue' ? [...BLOCK_TRAFFIC] : [...INSTALL, ...ALLOW_TRAFFIC];
  }
  if (style?.deploymentOption === 'WITH_TRAFFIC_CONTROL') return [...BLOCK_TRAFFIC, ...INSTALL, ...ALLOW_TRAFFIC];
  return [...INSTALL];
}
