import type { ErrorInformation, TrafficRoutingConfig } from '@aws-sdk/client-codedeploy';
import type { DeploymentChange, DeploymentControl, DeploymentRecord } from '../../store/deployments.ts';
import type { DeploymentTargetRecord } from '../../store/deployment-targets.ts';
import type { HostCommand, NewHostCommand } from '../../store/host-commands.ts';
import type { EngineSettings } from '../settings.ts';
import { NO_OBSERVATIONS, type TrafficControl, type TrafficObservations } from '../traffic/traffic-work.ts';
import { planBatch, type BatchTarget, type MinimumHealthyHosts } from './batching.ts';
import { holdsOf, isBlueGreen, planBlueGreen, type BlueGreenControl } from './blue-green.ts';
import { AGENT_PICKUP_MESSAGE, agentPayload } from './diagnostics.ts';
import { progressTarget } from './target-progress.ts';

/**
 * One reconcile pass over an in-place deployment (the Server platform). Pure: reads a
 * snapshot, returns the change to write and the commands to create or give up on.
 *
 *   Created ─▶ InProgress ─(batches under minimumHealthyHosts)─▶ Succeeded
 *                  │
 *                  └─ failure, stop request ─▶ ending: no new events; undelivered commands
 *                     are given up; once nothing runs on a host ─▶ Failed | Stopped
 *
 * An ending is recorded first and carried out later, so that an event already running on a host
 * finishes (or times out) before the deployment is final, and a rollback never sends a host a
 * second command while it still runs the first. Blue/green deployments replace the batch step
 * with the phases in blue-green.ts (and may rest in `Ready`).
 */

/** A decided end, kept in the deployment's control record until nothing runs any more. */
export interface Ending {
  status: 'Failed' | 'Stopped';
  errorInformation: ErrorInformation;
}

/** Health of a target before the deployment, as kept from its first pass. */
export type TargetHealth = Pick<BatchTarget, 'initiallyHealthy' | 'revisionHealth'>;

/**
 * The control record as the engine extends it:
 * * `ending` - the decided end, carried out once nothing runs on a host.
 * * `initialHealth` - each target's health when the deployment began, read once: health is
 *   "before this deployment" by definition, and re-reading history every pass is wasted work.
 */
export type EngineControl = DeploymentControl & TrafficControl & BlueGreenControl & {
  ending?: Ending;
  initialHealth?: Record<string, TargetHealth>;
  /** The first traffic failure (router, address, health): the deployment's errorInformation if it fails. */
  trafficError?: ErrorInformation;
};

/** Instance health before this deployment, per target id. */
export type HealthByTarget = ReadonlyMap<string, TargetHealth>;

/** Everything one pass reads. */
export interface DeploymentSnapshot {
  deployment: DeploymentRecord;
  targets: DeploymentTargetRecord[];
  commands: HostCommand[];
  health: HealthByTarget;
  rule: MinimumHealthyHosts;
  /** The deployment config's trafficRoutingConfig (Server canary/linear: a Cutover extension). */
  routing?: TrafficRoutingConfig;
  /** What the traffic router showed this pass (absent: no traffic work). */
  traffic?: TrafficObservations;
  busyElsewhere: ReadonlySet<string>;
  now: number;
  settings: EngineSettings;
  newCommandId(): string;
}

/** What one pass decided. */
export interface DeploymentStep {
  change?: DeploymentChange;
  newCommands: NewHostCommand[];
  abandoned: { hostCommandId: string; payload: string }[];
  /** Set when this pass made the deployment final. */
  finished?: 'Succeeded' | 'Failed' | 'Stopped';
}

const FINAL = new Set(['Succeeded', 'Failed', 'Stopped']);

/** Plans one pass. Returns an empty step when there is nothing to do. */
export function planDeploymentStep(snapshot: DeploymentSnapshot): DeploymentStep {
  const step: DeploymentStep = { newCommands: [], abandoned: [] };
  const { deployment, now } = snapshot;
  if (FINAL.has(deployment.status)) return step;
  const pass = new Pass(snapshot);
  if (deployment.status === 'Created' || deployment.status === 'Queued') pass.begin();
  if (pass.status === 'InProgress' || pass.status === 'Ready') pass.run();
  return pass.toStep(step, now);
}

/** Mutable state of one pass; every method is one reconcile step. */
export class Pass {
  status: DeploymentRecord['status'];
  control: EngineControl;
  targets: Map<string, DeploymentTargetRecord>;
  changedTargets = new Set<string>();
  details: DeploymentRecord['details'];
  detailsChanged = false;
  statusChanged = false;
  newCommands: NewHostCommand[] = [];
  abandoned: { hostCommandId: string; payload: string }[] = [];
  finished?: DeploymentStep['finished'];
  /** What this pass reads (blue-green.ts and traffic-shift.ts plan from it too). */
  readonly snapshot: DeploymentSnapshot;
  readonly #commandsById: ReadonlyMap<string, HostCommand>;

  constructor(snapshot: DeploymentSnapshot) {
    this.snapshot = snapshot;
    this.#commandsById = new Map(snapshot.commands.map((c) => [c.hostCommandId, c]));
    this.status = snapshot.deployment.status;
    this.control = { ...snapshot.deployment.control } as EngineControl;
    this.details = { ...snapshot.deployment.details };
    this.targets = new Map(snapshot.targets.map((t) => [t.targetId, t]));
  }

  /** Created → InProgress, or straight to Failed when there is nothing to deploy to. */
  begin(): void {
    this.status = 'InProgress';
    this.statusChanged = true;
    this.details = { ...this.details, startTime: this.snapshot.now };
    this.detailsChanged = true;
    this.control = { ...this.control, initialHealth: Object.fromEntries(this.snapshot.health) };
    if (this.details.updateOutdatedInstancesOnly) this.#skipCurrentTargets();
    if (this.targets.size === 0) {
      this.#endNow({ status: 'Failed', errorInformation: { code: 'NO_INSTANCES', message: 'The deployment failed because no instances were found for your deployment group. Check your deployment group settings to make sure the tags or Auto Scaling groups correctly identify the instances.' } });
    }
  }

  /** updateOutdatedInstancesOnly: targets already running this revision successfully are Skipped. */
  #skipCurrentTargets(): void {
    for (const target of [...this.targets.values()]) {
      if (this.snapshot.health.get(target.targetId)?.revisionHealth !== 'Current') continue;
      this.targets.set(target.targetId, closeTarget(target, this.snapshot.now));
      this.changedTargets.add(target.targetId);
    }
  }

  /** Advances targets, starts batches, and ends the deployment when it is done. */
  run(): void {
    if (this.control.stopRequested && !this.control.ending && this.control.blueGreen?.phase !== 'terminate') {
      this.setEnding({ status: 'Stopped', errorInformation: { code: 'MANUAL_STOP', message: 'The deployment was stopped by a user.' } });
    }
    this.#advanceTargets();
    if (!this.control.ending) {
      if (isBlueGreen(this.snapshot.deployment)) planBlueGreen(this);
      else this.#applyBatchDecision();
    }
    if (this.control.ending) this.#wrapUp();
  }

  #advanceTargets(): void {
    for (const target of [...this.targets.values()]) {
      if (target.status !== 'InProgress') continue;
      this.#progress(target);
    }
  }

  #progress(target: DeploymentTargetRecord): void {
    const s = this.snapshot;
    const progress = progressTarget(target, {
      deploymentId: s.deployment.deploymentId, now: s.now, settings: s.settings, newCommandId: s.newCommandId,
      commands: this.#commandsById, busyElsewhere: s.busyElsewhere,
      traffic: (s.traffic ?? NO_OBSERVATIONS).targets, holdAt: holdsOf(this, target),
      ignoreApplicationStopFailures: !!this.details.ignoreApplicationStopFailures, mayStartEvents: !this.control.ending,
    });
    if (!progress.changed) return;
    this.targets.set(target.targetId, progress.target);
    this.changedTargets.add(target.targetId);
    this.newCommands.push(...progress.newCommands);
    this.abandoned.push(...progress.abandoned);
    if (progress.failureInfo && !this.control.trafficError) this.control = { ...this.control, trafficError: progress.failureInfo };
  }

  #applyBatchDecision(): void {
    const decision = planBatch([...this.targets.values()].map((t) => this.#batchTarget(t)), this.snapshot.rule);
    if (decision.kind === 'start') this.startTargets(decision.targetIds);
    else if (decision.kind === 'succeed') this.finalize('Succeeded', undefined);
    else if (decision.kind === 'fail') this.failWith(decision.code, decision.message);
  }

  /** Starts the targets (Pending or Ready → InProgress) and advances them at once. */
  startTargets(targetIds: readonly string[]): void {
    for (const id of targetIds) {
      const started: DeploymentTargetRecord = { ...this.targets.get(id)!, status: 'InProgress', lastUpdatedAt: this.snapshot.now };
      this.targets.set(id, started);
      this.changedTargets.add(id);
      this.#progress(started);
    }
  }

  /** Decides a failure: a traffic failure's own errorInformation, else the most telling code. */
  failWith(code: 'HEALTH_CONSTRAINTS' | 'HEALTH_CONSTRAINTS_INVALID', message: string): void {
    const traffic = this.control.trafficError;
    this.setEnding({ status: 'Failed', errorInformation: traffic ?? { code: this.#failureCode(code), message } });
  }

  /** Records a change to the deployment's details. */
  setDetails(patch: Partial<DeploymentRecord['details']>): void {
    this.details = { ...this.details, ...patch };
    this.detailsChanged = true;
  }

  /** Moves between InProgress and Ready (blue/green's wait). */
  setStatus(status: 'InProgress' | 'Ready'): void {
    if (this.status === status) return;
    this.status = status;
    this.statusChanged = true;
  }

  #batchTarget(target: DeploymentTargetRecord): BatchTarget {
    const health = this.snapshot.health.get(target.targetId) ?? { initiallyHealthy: true, revisionHealth: 'Unknown' as const };
    const status = target.status === 'Ready' || target.status === 'Unknown' ? 'Failed' : target.status;
    return { targetId: target.targetId, status, ...health };
  }

  /** The most telling code: agent trouble and timeouts beat the generic health failure. */
  #failureCode(fallback: 'HEALTH_CONSTRAINTS' | 'HEALTH_CONSTRAINTS_INVALID'): ErrorInformation['code'] {
    const failed = [...this.targets.values()].flatMap((t) => t.lifecycleEvents.filter((e) => e.status === 'Failed'));
    if (failed.some((e) => e.diagnostics?.message === AGENT_PICKUP_MESSAGE)) return 'AGENT_ISSUE';
    if (failed.some((e) => e.diagnostics?.errorCode === 'ScriptTimedOut')) return 'TIMEOUT';
    return fallback;
  }

  setEnding(ending: Ending): void {
    this.control = { ...this.control, ending };
  }

  /** While ending: give up undelivered commands; finalize once no host is running anything. */
  #wrapUp(): void {
    const mine = this.snapshot.commands.filter((c) => c.deploymentId === this.snapshot.deployment.deploymentId);
    const abandonedIds = new Set(this.abandoned.map((a) => a.hostCommandId));
    for (const command of mine) {
      if (command.status === 'Pending' && !abandonedIds.has(command.hostCommandId)) {
        this.abandoned.push({ hostCommandId: command.hostCommandId, payload: agentPayload(5, this.control.ending!.errorInformation.message ?? 'The deployment ended.') });
        abandonedIds.add(command.hostCommandId);
      }
    }
    const running = mine.some((c) => c.status === 'InProgress' && !abandonedIds.has(c.hostCommandId));
    if (!running) this.finalize(this.control.ending!.status, this.control.ending!.errorInformation);
  }

  #endNow(ending: Ending): void {
    this.setEnding(ending);
    this.finalize(ending.status, ending.errorInformation);
  }

  /** Makes the deployment final now; unfinished targets are closed. */
  finalize(status: 'Succeeded' | 'Failed' | 'Stopped', errorInformation: ErrorInformation | undefined): void {
    this.status = status;
    this.statusChanged = true;
    this.finished = status;
    if (errorInformation) {
      this.details = { ...this.details, errorInformation };
      this.detailsChanged = true;
    }
    for (const target of [...this.targets.values()]) {
      if (target.status !== 'Pending' && target.status !== 'InProgress' && target.status !== 'Ready') continue;
      this.targets.set(target.targetId, closeTarget(target, this.snapshot.now));
      this.changedTargets.add(target.targetId);
    }
  }

  toStep(step: DeploymentStep, now: number): DeploymentStep {
    const controlChanged = JSON.stringify(this.control) !== JSON.stringify(this.snapshot.deployment.control);
    const any = this.statusChanged || this.detailsChanged || controlChanged || this.changedTargets.size > 0;
    if (!any) return { ...step, abandoned: this.abandoned };
    return {
      change: {
        status: this.statusChanged ? this.status : undefined,
        completeTime: this.finished ? now : undefined,
        details: this.detailsChanged ? this.details : undefined,
        control: controlChanged ? this.control : undefined,
        targets: [...this.changedTargets].map((id) => this.targets.get(id)!),
      },
      newCommands: this.newCommands,
      abandoned: this.abandoned,
      finished: this.finished,
    };
  }
}

/**
 * A target the deployment ended before it finished: untouched ones are Skipped, started ones
 * Failed. A Ready replacement instance (blue/green) stays Ready: it installed fine, and calling
 * it Failed would count against its health in the next deployment.
 */
function closeTarget(target: DeploymentTargetRecord, now: number): DeploymentTargetRecord {
  const started = target.lifecycleEvents.some((e) => e.status !== 'Pending');
  return {
    ...target,
    status: target.status === 'Ready' ? 'Ready' : started ? 'Failed' : 'Skipped',
    lastUpdatedAt: now,
    lifecycleEvents: target.lifecycleEvents.map((e) => (e.status === 'Pending' || e.status === 'InProgress' ? { ...e, status: 'Skipped' as const } : e)),
  };
}
