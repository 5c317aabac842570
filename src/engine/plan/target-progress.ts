import type { Diagnostics, ErrorInformation } from '@aws-sdk/client-codedeploy';
import type { DeploymentTargetRecord, LifecycleEventRecord } from '../../store/deployment-targets.ts';
import type { HostCommand, NewHostCommand } from '../../store/host-commands.ts';
import type { EngineSettings } from '../settings.ts';
import type { TargetObservation } from '../traffic/traffic-work.ts';
import { AGENT_PICKUP_MESSAGE, agentPayload, diagnosticsFromAgent, eventTimeoutMessage } from './diagnostics.ts';
import { trafficOutcome } from './traffic-event.ts';

/**
 * How one target moves through its lifecycle events. Pure: given the target, the host commands
 * and the time, it returns the target's next state and the commands to create or give up on.
 *
 *   event Pending ──(host free)──▶ InProgress + host command
 *   InProgress ──command Succeeded──▶ Succeeded ─▶ next event
 *   InProgress ──command Failed / not picked up / past its timeout──▶ Failed ─▶ target Failed,
 *                                                                     later events Skipped
 *
 * BlockTraffic and AllowTraffic run on no host: the event goes InProgress, the reconciler asks
 * the traffic router for the target's membership on every pass, and the event ends when the
 * observation matches (see traffic-event.ts). ApplicationStop and the block-traffic hooks may
 * fail without failing the target when the deployment sets ignoreApplicationStopFailures.
 * A target may be held before an event (`holdAt`, blue/green's replacement fleet before
 * BeforeAllowTraffic): it then becomes Ready and waits for the deployment to move on.
 */

/** Events the service performs itself, through the traffic router. */
const SERVICE_EVENTS = new Set(['BlockTraffic', 'AllowTraffic']);

/** Events whose failure ignoreApplicationStopFailures forgives. */
const STOP_EVENTS = new Set(['ApplicationStop', 'BeforeBlockTraffic', 'AfterBlockTraffic']);

/** A lifecycle event as the engine keeps it: with the host command that carries it. */
export type EngineEvent = LifecycleEventRecord & { hostCommandId?: string };

/** Why a target failed, for the deployment's errorInformation. */
export type TargetFailure = 'AGENT_ISSUE' | 'TIMEOUT' | 'HOOK' | 'TRAFFIC';

/** What progressTarget needs besides the target. */
export interface TargetContext {
  deploymentId: string;
  now: number;
  commands: ReadonlyMap<string, HostCommand>;
  /** Hosts with a command of another deployment outstanding: one command per host at a time. */
  busyElsewhere: ReadonlySet<string>;
  ignoreApplicationStopFailures: boolean;
  /** False while the deployment is stopping or failing: nothing new starts. */
  mayStartEvents: boolean;
  settings: EngineSettings;
  /** What the traffic router showed for targets in BlockTraffic or AllowTraffic, this pass. */
  traffic?: ReadonlyMap<string, TargetObservation>;
  /** Events the target must not start yet: reaching one, it becomes Ready. */
  holdAt?: ReadonlySet<string>;
  newCommandId(): string;
}

/** The outcome of one pass over a target. */
export interface TargetProgress {
  target: DeploymentTargetRecord;
  changed: boolean;
  newCommands: NewHostCommand[];
  /** Commands the engine gives up on, with the diagnostics payload recorded for them. */
  abandoned: { hostCommandId: string; payload: string }[];
  failure?: TargetFailure;
  /** For a TRAFFIC failure: what the deployment's errorInformation should say. */
  failureInfo?: ErrorInformation;
}

/** Advances an InProgress target as far as the commands' results allow. */
export function progressTarget(target: DeploymentTargetRecord, ctx: TargetContext): TargetProgress {
  const progress: TargetProgress = { target: cloneTarget(target), changed: false, newCommands: [], abandoned: [] };
  if (target.status !== 'InProgress') return progress;
  for (let guard = 0; guard < 100; guard++) {
    if (!step(progress, ctx)) break;
  }
  if (progress.changed) progress.target.lastUpdatedAt = ctx.now;
  return progress;
}

/** Takes one step; returns true when another step may follow at once. */
function step(progress: TargetProgress, ctx: TargetContext): boolean {
  const t = progress.target;
  const event = (t.lifecycleEvents as EngineEvent[]).find((e) => e.status === 'Pending' || e.status === 'InProgress');
  if (!event) {
    t.status = 'Succeeded';
    progress.changed = true;
    return false;
  }
  if (event.status === 'Pending') {
    if (ctx.holdAt?.has(event.lifecycleEventName)) return holdTarget(progress);
    return startEvent(progress, event, ctx);
  }
  const outcome = SERVICE_EVENTS.has(event.lifecycleEventName)
    ? trafficOutcome(event, progress.target.targetId, ctx)
    : outcomeOf(event, ctx);
  if (!outcome) return false;
  finishEvent(progress, event, outcome, ctx);
  return t.status === 'InProgress';
}

function startEvent(progress: TargetProgress, event: EngineEvent, ctx: TargetContext): boolean {
  if (!ctx.mayStartEvents) return false;
  if (SERVICE_EVENTS.has(event.lifecycleEventName)) {
    // The reconciler carries it out from the stored InProgress state before the next plan.
    Object.assign(event, { status: 'InProgress', startTime: ctx.now });
    progress.changed = true;
    return false;
  }
  if (ctx.busyElsewhere.has(progress.target.targetId)) return false;
  const hostCommandId = ctx.newCommandId();
  Object.assign(event, { status: 'InProgress', startTime: ctx.now, hostCommandId });
  progress.newCommands.push({ hostCommandId, deploymentId: ctx.deploymentId, instanceName: progress.target.targetId, commandName: event.lifecycleEventName });
  progress.changed = true;
  return false;
}

/** How an event ended, as the target's progress records it. */
export interface EventOutcome {
  status: 'Succeeded' | 'Failed';
  diagnostics?: Diagnostics;
  endTime: number;
  failure?: TargetFailure;
  failureInfo?: ErrorInformation;
  abandon?: string;
}

function holdTarget(progress: TargetProgress): boolean {
  progress.target.status = 'Ready';
  progress.changed = true;
  return false;
}

function outcomeOf(event: EngineEvent, ctx: TargetContext): EventOutcome | undefined {
  const command = event.hostCommandId ? ctx.commands.get(event.hostCommandId) : undefined;
  if (!command) return { status: 'Failed', endTime: ctx.now, failure: 'HOOK', diagnostics: unknownError('The lifecycle event lost its host command.') };
  if (command.status === 'Succeeded' || command.status === 'Failed') {
    return { status: command.status, endTime: command.completeTime ?? ctx.now, diagnostics: diagnosticsFromAgent(command.diagnostics), failure: command.status === 'Failed' ? 'HOOK' : undefined };
  }
  if (command.status === 'Pending' && ctx.now - command.createTime > ctx.settings.agentPickupTimeoutMs) {
    return { status: 'Failed', endTime: ctx.now, failure: 'AGENT_ISSUE', abandon: agentPayload(5, AGENT_PICKUP_MESSAGE), diagnostics: unknownError(AGENT_PICKUP_MESSAGE) };
  }
  const timeoutMs = command.timeoutSeconds !== undefined
    ? command.timeoutSeconds * 1000 + ctx.settings.eventTimeoutGraceMs
    : ctx.settings.eventTimeoutMs;
  const startedAt = command.dispatchTime ?? command.createTime;
  if (command.status === 'InProgress' && ctx.now - startedAt > timeoutMs) {
    const message = eventTimeoutMessage(Math.round(timeoutMs / 1000));
    return { status: 'Failed', endTime: ctx.now, failure: 'TIMEOUT', abandon: agentPayload(3, message), diagnostics: { errorCode: 'ScriptTimedOut', scriptName: '', message, logTail: '' } };
  }
  return undefined;
}

function finishEvent(progress: TargetProgress, event: EngineEvent, outcome: EventOutcome, ctx: TargetContext): void {
  Object.assign(event, { status: outcome.status, endTime: outcome.endTime });
  if (outcome.diagnostics && (outcome.status === 'Failed' || outcome.diagnostics.errorCode !== 'Success')) event.diagnostics = outcome.diagnostics;
  if (outcome.abandon && event.hostCommandId) progress.abandoned.push({ hostCommandId: event.hostCommandId, payload: outcome.abandon });
  progress.changed = true;
  const forgiven = ctx.ignoreApplicationStopFailures && STOP_EVENTS.has(event.lifecycleEventName);
  if (outcome.status === 'Failed' && !forgiven) failTarget(progress, outcome.failure ?? 'HOOK', outcome.failureInfo);
}

function failTarget(progress: TargetProgress, failure: TargetFailure, info: ErrorInformation | undefined): void {
  progress.target.status = 'Failed';
  progress.failure = failure;
  progress.failureInfo = info;
  for (const e of progress.target.lifecycleEvents) if (e.status === 'Pending') e.status = 'Skipped';
}

function unknownError(message: string): Diagnostics {
  return { errorCode: 'UnknownError', scriptName: '', message, logTail: '' };
}

function cloneTarget(target: DeploymentTargetRecord): DeploymentTargetRecord {
  return { ...target, lifecycleEvents: target.lifecycleEvents.map((e) => ({ ...e })) };
}
