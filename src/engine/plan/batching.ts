/**
 * Batching under `minimumHealthyHosts`: which targets of an in-place deployment (or of a
 * blue/green replacement fleet) may start now, and when the deployment has succeeded or must
 * stop. Pure: the reconciler reads a snapshot, calls `planBatch`, and applies the decision.
 *
 *   Pending ──start──▶ InProgress ──▶ Succeeded
 *      │                    └───────▶ Failed
 *      └─(deployment ends first)────▶ Skipped
 *
 * Rules (codedeploy-semantics.md §3):
 * - `min` is HOST_COUNT's value, or FLEET_PERCENT of N rounded up. OneAtATime is N − 1 with one
 *   target at a time, which is exactly "every instance but the last must succeed".
 * - A target counts as up when it succeeded in this deployment, or is still pending and was
 *   healthy before (its last deployment did not fail). Never-deployed targets count as healthy:
 *   otherwise no minimum above 0 could ever deploy a fresh fleet (a decision, §17 item 3).
 * - A healthy target may start only while `up − 1 ≥ min`. Unhealthy targets start first and do
 *   not lower the count; the window of targets in flight is the healthy surplus plus them.
 * - When nothing can start, nothing is running and targets remain, the deployment stops:
 *   HEALTH_CONSTRAINTS_INVALID if nothing was attempted yet, HEALTH_CONSTRAINTS otherwise.
 *   It also stops as soon as `max(min, 1)` successes are out of reach.
 * - When every target is done, it succeeds iff at least `max(min, 1)` targets succeeded.
 */

/** A target's state as the planner needs it. */
export interface BatchTarget {
  targetId: string;
  status: 'Pending' | 'InProgress' | 'Succeeded' | 'Failed' | 'Skipped';
  /** False when the last deployment to this target failed. */
  initiallyHealthy: boolean;
  /** Revision health, for ordering: Unknown (never deployed), Old, or Current. */
  revisionHealth: 'Unknown' | 'Old' | 'Current';
}

/** The deployment config's health rule, as stored (MOST_CONCURRENCY is OneAtATime). */
export interface MinimumHealthyHosts {
  type: 'HOST_COUNT' | 'FLEET_PERCENT' | 'MOST_CONCURRENCY';
  value: number;
}

/** What to do next. */
export type BatchDecision =
  | { kind: 'start'; targetIds: string[] }
  | { kind: 'wait' }
  | { kind: 'succeed' }
  | { kind: 'fail'; code: 'HEALTH_CONSTRAINTS' | 'HEALTH_CONSTRAINTS_INVALID'; message: string };

/** Minimum healthy target count for N targets. */
export function minimumHealthyCount(rule: MinimumHealthyHosts, targetCount: number): number {
  switch (rule.type) {
    case 'HOST_COUNT':
      return rule.value;
    case 'FLEET_PERCENT':
      return Math.ceil((targetCount * rule.value) / 100);
    case 'MOST_CONCURRENCY':
      return Math.max(targetCount - 1, 0);
  }
}

/** Decides the next step of a deployment's targets under its health rule. */
export function planBatch(targets: BatchTarget[], rule: MinimumHealthyHosts): BatchDecision {
  const counted = targets.filter((t) => t.status !== 'Skipped');
  const min = minimumHealthyCount(rule, counted.length);
  const tally = tallyOf(counted);
  const required = Math.max(min, 1);
  if (tally.succeeded + tally.pending.length + tally.inProgress < required) return unreachable(tally, min);
  if (tally.pending.length === 0) return tally.inProgress > 0 ? { kind: 'wait' } : finish(tally.succeeded, min);
  const toStart = startable(tally, min, windowOf(counted, min));
  if (toStart.length > 0) return { kind: 'start', targetIds: toStart };
  if (tally.inProgress > 0) return { kind: 'wait' };
  return stuck(tally, min);
}

interface Tally {
  succeeded: number;
  failed: number;
  inProgress: number;
  pending: BatchTarget[];
}

function tallyOf(targets: BatchTarget[]): Tally {
  const pending = targets.filter((t) => t.status === 'Pending').sort(schedulingOrder);
  return {
    succeeded: targets.filter((t) => t.status === 'Succeeded').length,
    failed: targets.filter((t) => t.status === 'Failed').length,
    inProgress: targets.filter((t) => t.status === 'InProgress').length,
    pending,
  };
}

/** Unhealthy first, then never deployed, then old revision, then current; ties by id. */
function schedulingOrder(a: BatchTarget, b: BatchTarget): number {
  const rank = (t: BatchTarget) => (t.initiallyHealthy ? 1 : 0) * 10 + ['Unknown', 'Old', 'Current'].indexOf(t.revisionHealth);
  return rank(a) - rank(b) || (a.targetId < b.targetId ? -1 : a.targetId > b.targetId ? 1 : 0);
}

/**
 * Most targets in flight at once: the healthy surplus over the minimum when the deployment
 * began, plus the unhealthy targets, which lower no healthy count (so a minimum of 0 deploys to
 * every target at once, unhealthy ones included).
 */
function windowOf(targets: BatchTarget[], min: number): number {
  const healthyAtStart = targets.filter((t) => t.initiallyHealthy).length;
  return Math.max(healthyAtStart - min, 1) + (targets.length - healthyAtStart);
}

function startable(tally: Tally, min: number, window: number): string[] {
  let up = tally.succeeded + tally.pending.filter((t) => t.initiallyHealthy).length;
  let slots = window - tally.inProgress;
  const chosen: string[] = [];
  for (const target of tally.pending) {
    if (slots <= 0) break;
    if (target.initiallyHealthy) {
      if (up - 1 < min) continue;
      up -= 1;
    }
    chosen.push(target.targetId);
    slots -= 1;
  }
  return chosen;
}

function finish(succeeded: number, min: number): BatchDecision {
  return succeeded >= Math.max(min, 1) ? { kind: 'succeed' } : healthConstraints(`${succeeded} succeeded, ${Math.max(min, 1)} required`);
}

function healthConstraints(detail: string): BatchDecision {
  return {
    kind: 'fail', code: 'HEALTH_CONSTRAINTS',
    message: `The overall deployment failed because too many individual instances failed deployment, too few healthy instances are available for deployment, or some instances in your deployment group are experiencing problems. (${detail})`,
  };
}

function unreachable(tally: Tally, min: number): BatchDecision {
  if (tally.failed === 0 && tally.succeeded === 0 && tally.inProgress === 0) return invalid(min);
  return finish(tally.succeeded, min);
}

function stuck(tally: Tally, min: number): BatchDecision {
  if (tally.failed === 0 && tally.succeeded === 0) return invalid(min);
  return healthConstraints(`${tally.failed} failed; deploying to any of the ${tally.pending.length} remaining would leave fewer than ${min} healthy`);
}

function invalid(min: number): BatchDecision {
  return {
    kind: 'fail', code: 'HEALTH_CONSTRAINTS_INVALID',
    message: `The deployment can't start because the minimum number of healthy instances (${min}) are not available.`,
  };
}
