/**
 * Deployment statuses, target statuses and the rules that read them.
 *
 * ```
 *              CreateDeployment
 *                     │
 *                     ▼
 *                 Created ──► Queued ──► InProgress ──────────────► Baking ──► Succeeded
 *                     │          │        │    ▲  │                   │
 *                     │          │        ▼    │  │                   │
 *                     │          │        Ready ──┤ (blue/green wait) │
 *                     │          │                │                   │
 *                     └──────────┴────────────────┴───────────────────┴──► Failed | Stopped
 * ```
 *
 * A deployment stays `Created` until the engine picks it up; `Succeeded`, `Failed` and `Stopped`
 * are final. Only one deployment per deployment group may be in any other status.
 */

/**
 * The status of a deployment as a whole, spelled as AWS spells it:
 * * `Created` - accepted by CreateDeployment; no target has started.
 * * `Queued` - waiting for the engine to start it (e.g. behind another deployment).
 * * `InProgress` - lifecycle events are running on targets, or traffic is shifting.
 * * `Baking` - traffic has shifted; waiting out a bake or termination-wait period.
 * * `Succeeded` - final: the revision is deployed.
 * * `Failed` - final: see `errorInformation`.
 * * `Stopped` - final: stopped by StopDeployment, an alarm or a Ready-wait timeout.
 * * `Ready` - blue/green: the replacement environment is installed and waits to reroute traffic.
 */
export type DeploymentStatus = 'Created' | 'Queued' | 'InProgress' | 'Baking' | 'Succeeded' | 'Failed' | 'Stopped' | 'Ready';

/** Every deployment status, in lifecycle order. */
export const DEPLOYMENT_STATUSES: readonly DeploymentStatus[] = [
  'Created', 'Queued', 'InProgress', 'Baking', 'Succeeded', 'Failed', 'Stopped', 'Ready',
];

/** The statuses a deployment never leaves. */
export const FINAL_DEPLOYMENT_STATUSES: readonly DeploymentStatus[] = ['Succeeded', 'Failed', 'Stopped'];

/** The statuses that count as "active" for the one-deployment-per-group limit. */
export const ACTIVE_DEPLOYMENT_STATUSES: readonly DeploymentStatus[] = DEPLOYMENT_STATUSES
  .filter((s) => !FINAL_DEPLOYMENT_STATUSES.includes(s));

/** Returns true when a deployment in `status` can no longer change. */
export function isFinalStatus(status: DeploymentStatus): boolean {
  return FINAL_DEPLOYMENT_STATUSES.includes(status);
}

/** Returns true when a string is a deployment status. */
export function isDeploymentStatus(value: string): value is DeploymentStatus {
  return (DEPLOYMENT_STATUSES as readonly string[]).includes(value);
}

/**
 * The status of one deployment target (an instance, a Lambda function, an ECS service):
 * * `Pending` - nothing has run on it yet.
 * * `InProgress` - a lifecycle event is running on it.
 * * `Succeeded` - every lifecycle event succeeded (or was skipped by design).
 * * `Failed` - a lifecycle event failed.
 * * `Skipped` - it was left out, e.g. because the deployment stopped before reaching it.
 * * `Unknown` - its state could not be determined.
 * * `Ready` - blue/green: installed and waiting for traffic.
 */
export type TargetStatus = 'Pending' | 'InProgress' | 'Succeeded' | 'Failed' | 'Skipped' | 'Unknown' | 'Ready';

/** Every target status. */
export const TARGET_STATUSES: readonly TargetStatus[] = ['Pending', 'InProgress', 'Succeeded', 'Failed', 'Skipped', 'Unknown', 'Ready'];

/** Returns true when a string is a target status. */
export function isTargetStatus(value: string): value is TargetStatus {
  return (TARGET_STATUSES as readonly string[]).includes(value);
}

/**
 * Which environment a blue/green target belongs to:
 * * `Blue` - the original environment (also the label of every in-place target, as AWS shows it).
 * * `Green` - the replacement environment.
 */
export type TargetLabel = 'Blue' | 'Green';

/** Returns true when a string is a target label. */
export function isTargetLabel(value: string): value is TargetLabel {
  return value === 'Blue' || value === 'Green';
}

/** Per-status target counts, as `deploymentOverview` reports them. */
export interface DeploymentOverview {
  Pending: number;
  InProgress: number;
  Succeeded: number;
  Failed: number;
  Skipped: number;
  Ready: number;
}

/**
 * Counts targets per status. `Unknown` targets are counted nowhere, since the overview has no
 * member for them.
 */
export function overviewOf(statuses: Iterable<TargetStatus>): DeploymentOverview {
  const overview: DeploymentOverview = { Pending: 0, InProgress: 0, Succeeded: 0, Failed: 0, Skipped: 0, Ready: 0 };
  for (const status of statuses) {
    if (status !== 'Unknown') overview[status] += 1;
  }
  return overview;
}

/**
 * The message of DeploymentLimitExceededException. Tools match on it to find the blocking
 * deployment (there is no modeled field for the id).
 */
export function activeDeploymentMessage(deploymentGroupName: string, activeDeploymentId: string): string {
  return `The Deployment Group '${deploymentGroupName}' already has an active Deployment '${activeDeploymentId}'`;
}

/** errorInformation.message of a deployment stopped by StopDeployment. */
export const MANUAL_STOP_MESSAGE = 'The deployment was stopped by a user.';

/** StopDeployment's statusMessage when the stop completed at once. */
export const STOP_SUCCEEDED_MESSAGE = 'The deployment was stopped.';

/** StopDeployment's statusMessage when running lifecycle events must finish first. */
export const STOP_PENDING_MESSAGE = 'The deployment is being stopped; lifecycle events already running will finish first.';

/**
 * What StopDeployment does to a deployment, decided from its status and its targets' statuses:
 * * `already-final` - it is Succeeded, Failed or Stopped: DeploymentAlreadyCompletedException.
 * * `stop-now` - nothing has started on any target: it becomes Stopped at once.
 * * `stop-later` - work is under way: the stop is recorded and the engine finishes it.
 */
export type StopPlan = 'already-final' | 'stop-now' | 'stop-later';

/** Decides how a stop request is carried out (see StopPlan). */
export function planStop(status: DeploymentStatus, targetStatuses: readonly TargetStatus[]): StopPlan {
  if (isFinalStatus(status)) return 'already-final';
  const notStarted = status === 'Created' || status === 'Queued';
  const untouched = targetStatuses.every((s) => s === 'Pending' || s === 'Skipped');
  return notStarted && untouched ? 'stop-now' : 'stop-later';
}
