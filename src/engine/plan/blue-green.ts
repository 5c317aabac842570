import type { DeploymentTargetRecord } from '../../store/deployment-targets.ts';
import type { DeploymentRecord } from '../../store/deployments.ts';
import { planBatch, type BatchTarget, type BatchDecision } from './batching.ts';
import type { Pass } from './deployment-step.ts';
import { planShift, usesShift } from './traffic-shift.ts';

/**
 * The phases of a blue/green Server deployment (pure; one call per pass, after the targets
 * advanced). The phase is kept in `control.blueGreen`:
 *
 *   install ──▶ [ready: status Ready] ──▶ reroute ──▶ [shift] ──▶ block ──▶ [termination-wait ──▶ terminate] ──▶ Succeeded
 *
 * * install: the replacement (Green) targets run ApplicationStop … ValidateService in batches
 *   under the config's minimumHealthyHosts and are held before BeforeAllowTraffic (status Ready).
 * * ready: deploymentReadyOption STOP_DEPLOYMENT only: the deployment is Ready until
 *   ContinueDeployment(READY_WAIT), or Stopped when waitTimeInMinutes pass.
 * * reroute: Green targets run BeforeAllowTraffic, AllowTraffic, AfterAllowTraffic in batches.
 * * shift: the canary/linear extension moves the listener's weight to the green group.
 * * block: the original (Blue) targets run BeforeBlockTraffic, BlockTraffic, AfterBlockTraffic in
 *   batches; one that fails fails the deployment.
 * * termination-wait / terminate: TERMINATE only: wait terminationWaitTimeInMinutes (unless
 *   skipped), then the reconciler runs the blue fate and records it in `control.termination`.
 *   KEEP_ALIVE ends the deployment right after block (instanceTerminationWaitTimeStarted stays false).
 *
 * A rollback of a blue/green deployment is traffic only (see planRestore).
 */

/** A blue/green deployment's phase. */
export type BlueGreenPhase = 'install' | 'ready' | 'reroute' | 'shift' | 'block' | 'termination-wait' | 'terminate' | 'restore';

/** The control record's blue/green members. */
export interface BlueGreenControl {
  blueGreen?: { phase: BlueGreenPhase; since: number };
  /** The blue fate's run: started, and its outcome once finished (written by the reconciler). */
  termination?: { startedAt: number; finishedAt?: number; outcome?: string };
}

const ALLOW_TRAFFIC_EVENTS = ['BeforeAllowTraffic', 'AllowTraffic', 'AfterAllowTraffic'];
const HOLD_BEFORE_REROUTE: ReadonlySet<string> = new Set(ALLOW_TRAFFIC_EVENTS);

/** True for blue/green Server deployments (the engine's only blue/green platform). */
export function isBlueGreen(deployment: DeploymentRecord): boolean {
  const platform = deployment.details.computePlatform ?? 'Server';
  return platform === 'Server' && deployment.details.deploymentStyle?.deploymentType === 'BLUE_GREEN';
}

/** True for the traffic-only rollback of a blue/green deployment. */
export function isTrafficRestore(deployment: DeploymentRecord): boolean {
  return isBlueGreen(deployment) && deployment.details.creator === 'codeDeployRollback';
}

/** Events a target must not start yet: Green targets wait before the traffic trio until reroute. */
export function holdsOf(pass: Pass, target: DeploymentTargetRecord): ReadonlySet<string> | undefined {
  if (!isBlueGreen(pass.snapshot.deployment) || isTrafficRestore(pass.snapshot.deployment)) return undefined;
  const phase = pass.control.blueGreen?.phase ?? 'install';
  return target.instanceLabel === 'Green' && (phase === 'install' || phase === 'ready') ? HOLD_BEFORE_REROUTE : undefined;
}

/** Plans the blue/green part of one pass. */
export function planBlueGreen(pass: Pass): void {
  if (isTrafficRestore(pass.snapshot.deployment)) {
    planRestore(pass);
    return;
  }
  for (let guard = 0; guard < 8; guard++) {
    const phase = pass.control.blueGreen?.phase ?? 'install';
    if (!PHASES[phase](pass) || pass.control.ending || pass.finished) return;
  }
}

/** Each phase's step; true when it moved to the next phase and that one may run at once. */
const PHASES: Record<BlueGreenPhase, (pass: Pass) => boolean> = {
  install: planInstall,
  ready: planReady,
  reroute: planReroute,
  shift: (pass) => planShift(pass, () => enter(pass, 'block')),
  block: planBlock,
  'termination-wait': planTerminationWait,
  terminate: (pass) => {
    if (pass.control.termination?.finishedAt !== undefined) pass.finalize('Succeeded', undefined);
    return false;
  },
  restore: planRestore,
};

/** Moves to a phase; returns true so the caller runs it in the same pass. */
export function enter(pass: Pass, phase: BlueGreenPhase): boolean {
  pass.control = { ...pass.control, blueGreen: { phase, since: pass.snapshot.now } };
  return true;
}

function planInstall(pass: Pass): boolean {
  const greens = labelled(pass, 'Green');
  const decision = planBatch(greens.map((t) => installView(pass, t)), pass.snapshot.rule);
  if (decision.kind !== 'succeed') return apply(pass, decision);
  const ready = pass.details.blueGreenDeploymentConfiguration?.deploymentReadyOption;
  if (ready?.actionOnTimeout === 'STOP_DEPLOYMENT' && pass.control.readyWaitContinuedAt === undefined) {
    pass.setStatus('Ready');
    return enter(pass, 'ready');
  }
  return enter(pass, 'reroute');
}

function planReady(pass: Pass): boolean {
  if (pass.control.readyWaitContinuedAt !== undefined) {
    pass.setStatus('InProgress');
    return enter(pass, 'reroute');
  }
  const minutes = pass.details.blueGreenDeploymentConfiguration?.deploymentReadyOption?.waitTimeInMinutes ?? 0;
  const since = pass.control.blueGreen?.since ?? pass.snapshot.now;
  if (pass.snapshot.now - since >= minutes * pass.snapshot.settings.minuteMs) {
    pass.setEnding({
      status: 'Stopped', errorInformation: {
        code: 'TIMEOUT',
        message: `The replacement instances were Ready for ${minutes} minutes (deploymentReadyOption STOP_DEPLOYMENT) and nobody continued the deployment, so it was stopped. No traffic was rerouted.`,
      },
    });
  }
  return false;
}

function planReroute(pass: Pass): boolean {
  if (usesShift(pass) && !pass.control.shift) return planShift(pass, () => true);
  const greens = labelled(pass, 'Green');
  const decision = planBatch(greens.map((t) => stageView(t, ALLOW_TRAFFIC_EVENTS, 'Ready')), pass.snapshot.rule);
  if (decision.kind !== 'succeed') return apply(pass, decision);
  return enter(pass, usesShift(pass) ? 'shift' : 'block');
}

function planBlock(pass: Pass): boolean {
  const blues = labelled(pass, 'Blue');
  const failed = blues.find((t) => t.status === 'Failed');
  if (failed) {
    pass.failWith('HEALTH_CONSTRAINTS', `Original instance ${failed.targetId} could not be taken out of traffic, so the deployment failed.`);
    return false;
  }
  if (blues.some((t) => t.status !== 'Succeeded' && t.status !== 'Skipped')) {
    const decision = planBatch(blues.map((t) => stageView(t, [], 'Pending')), pass.snapshot.rule);
    if (decision.kind === 'start') pass.startTargets(decision.targetIds);
    return false;
  }
  const fate = pass.details.blueGreenDeploymentConfiguration?.terminateBlueInstancesOnDeploymentSuccess;
  if (fate?.action !== 'TERMINATE') {
    pass.finalize('Succeeded', undefined);
    return false;
  }
  pass.setDetails({ instanceTerminationWaitTimeStarted: true });
  return enter(pass, 'termination-wait');
}

function planTerminationWait(pass: Pass): boolean {
  const minutes = pass.details.blueGreenDeploymentConfiguration?.terminateBlueInstancesOnDeploymentSuccess?.terminationWaitTimeInMinutes ?? 0;
  const since = pass.control.blueGreen?.since ?? pass.snapshot.now;
  const skipped = pass.control.terminationWaitSkippedAt !== undefined;
  if (!skipped && pass.snapshot.now - since < minutes * pass.snapshot.settings.minuteMs) return false;
  return enter(pass, 'terminate');
}

/**
 * A blue/green rollback puts traffic back where it was: the listener's split back to all-blue
 * (canary only), the original instances registered and healthy, and only then the replacement
 * instances deregistered. Its targets carry AllowTraffic (Blue) and BlockTraffic (Green) only.
 */
function planRestore(pass: Pass): boolean {
  const shift = pass.control.shift;
  if (shift && shift.verifiedAt === undefined) return planShift(pass, () => false);
  const blues = labelled(pass, 'Blue');
  const greens = labelled(pass, 'Green');
  const failed = [...blues, ...greens].find((t) => t.status === 'Failed');
  if (failed) {
    pass.failWith('HEALTH_CONSTRAINTS', `Traffic could not be restored on ${failed.targetId}.`);
    return false;
  }
  const pendingBlue = blues.filter((t) => t.status === 'Pending').map((t) => t.targetId);
  if (pendingBlue.length > 0) pass.startTargets(pendingBlue);
  if (blues.some((t) => t.status === 'Pending' || t.status === 'InProgress')) return false;
  const pendingGreen = greens.filter((t) => t.status === 'Pending').map((t) => t.targetId);
  if (pendingGreen.length > 0) pass.startTargets(pendingGreen);
  if (labelled(pass, 'Green').every((t) => t.status === 'Succeeded' || t.status === 'Skipped')) pass.finalize('Succeeded', undefined);
  return false;
}

/** Carries out a batch decision that is not success; never moves on. */
function apply(pass: Pass, decision: BatchDecision): boolean {
  if (decision.kind === 'start') pass.startTargets(decision.targetIds);
  else if (decision.kind === 'fail') pass.failWith(decision.code, decision.message);
  return false;
}

function labelled(pass: Pass, label: 'Blue' | 'Green'): DeploymentTargetRecord[] {
  return [...pass.targets.values()].filter((t) => (t.instanceLabel ?? 'Blue') === label);
}

/** A Green target during install: held at the traffic trio (Ready) counts as done. */
function installView(pass: Pass, target: DeploymentTargetRecord): BatchTarget {
  const health = pass.snapshot.health.get(target.targetId) ?? { initiallyHealthy: true, revisionHealth: 'Unknown' as const };
  const status = target.status === 'Ready' ? 'Succeeded' : target.status === 'Unknown' ? 'Failed' : target.status;
  return { targetId: target.targetId, status, ...health };
}

/**
 * A target during a traffic stage whose events are `stage`: `waiting` is the status it waits in
 * (Ready for Green, Pending for Blue); a target that failed before the stage takes no part.
 */
function stageView(target: DeploymentTargetRecord, stage: readonly string[], waiting: 'Ready' | 'Pending'): BatchTarget {
  const base = { targetId: target.targetId, initiallyHealthy: true, revisionHealth: 'Unknown' as const };
  if (target.status === waiting) return { ...base, status: 'Pending' };
  if (target.status === 'Failed') {
    const failedHere = stage.length === 0 || target.lifecycleEvents.some((e) => stage.includes(e.lifecycleEventName) && e.status === 'Failed');
    return { ...base, status: failedHere ? 'Failed' : 'Skipped' };
  }
  const status = target.status === 'Ready' || target.status === 'Unknown' ? 'Skipped' : target.status;
  return { ...base, status };
}
