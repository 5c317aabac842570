import type { ErrorInformation } from '@aws-sdk/client-codedeploy';
import type { DeploymentTargetRecord } from '../../store/deployment-targets.ts';
import type { DeploymentControl, DeploymentDetails } from '../../store/deployments.ts';
import type { TargetHealthState } from './traffic-router.ts';

/**
 * Traffic work: what the load balancer must look like for a deployment's next pass, derived
 * from the stored deployment alone (pure), and what the reconciler saw when it asked for it.
 *
 * The planner never calls the router. A pass goes: derive the work from the stored state →
 * the reconciler carries it out idempotently and observes the result (outside any transaction)
 * → the planner decides from the observations. A server that dies at any point asks for the
 * same state again on its next pass, which is harmless because every router call is a desired
 * state, not a delta.
 */

/** The service-performed lifecycle events and what each does to a target. */
export const TRAFFIC_EVENTS: Readonly<Record<string, TrafficAction>> = { AllowTraffic: 'allow', BlockTraffic: 'block' };

/** Register and wait for healthy, or deregister and wait for the drain. */
export type TrafficAction = 'allow' | 'block';

/**
 * Weighted shifting between a target group pair (the canary/linear extension). `blueGroup` is
 * the group the listener sent all traffic to when the shift began; `greenPercent` the share the
 * current step asks for; `verifiedAt` when the router confirmed it.
 */
export interface ShiftState {
  listener: string;
  blueGroup: string;
  greenGroup: string;
  greenPercent: number;
  since: number;
  verifiedAt?: number;
}

/** The part of a deployment's control record that traffic work reads. */
export type TrafficControl = DeploymentControl & {
  shift?: ShiftState;
  /** Set while the pair's listener must be read to learn which group is blue. */
  probeListener?: string;
};

/** One target's traffic step in flight. */
export interface TargetTrafficWork {
  targetId: string;
  action: TrafficAction;
  groups: string[];
}

/** Everything a pass asks of the router. */
export interface TrafficWork {
  targets: TargetTrafficWork[];
  /** A listener split to apply and read back. */
  weights?: { listener: string; weights: Record<string, number> };
  /** A listener split to read only. */
  probe?: string;
}

/** A target's membership as observed: its state in each target group, `absent` when not in it. */
export type TargetObservation =
  | { ok: true; states: Record<string, TargetHealthState | 'absent'> }
  | { ok: false; error: ErrorInformation };

/** A listener's split as read back, or why it could not be. */
export type WeightsObservation = { ok: true; weights: Record<string, number> } | { ok: false; error: ErrorInformation };

/** What the reconciler saw after carrying out a pass's TrafficWork. */
export interface TrafficObservations {
  targets: ReadonlyMap<string, TargetObservation>;
  weights?: WeightsObservation;
}

/** No observations: a pass with no traffic work. */
export const NO_OBSERVATIONS: TrafficObservations = { targets: new Map() };

/** The target groups a target of this deployment joins or leaves. */
export function trafficGroupsOf(details: DeploymentDetails, control: TrafficControl, label: 'Blue' | 'Green' | undefined): string[] {
  const pair = control.shift;
  if (pair) return label === 'Green' ? [pair.greenGroup] : [pair.blueGroup];
  const lb = details.loadBalancerInfo;
  const names = [...(lb?.targetGroupInfoList ?? []), ...(lb?.elbInfoList ?? [])].map((g) => g.name).filter((n): n is string => !!n);
  return [...new Set(names)];
}

/** The traffic work of a deployment as stored: every traffic event InProgress, plus any shift. */
export function trafficWorkOf(details: DeploymentDetails, control: TrafficControl, targets: readonly DeploymentTargetRecord[]): TrafficWork {
  const work: TrafficWork = { targets: [] };
  for (const target of targets) {
    if (target.status !== 'InProgress') continue;
    const event = target.lifecycleEvents.find((e) => e.status === 'InProgress');
    const action = event && TRAFFIC_EVENTS[event.lifecycleEventName];
    if (!action) continue;
    work.targets.push({ targetId: target.targetId, action, groups: trafficGroupsOf(details, control, target.instanceLabel) });
  }
  if (control.shift && control.shift.verifiedAt === undefined) {
    const { listener, blueGroup, greenGroup, greenPercent } = control.shift;
    work.weights = { listener, weights: { [blueGroup]: 100 - greenPercent, [greenGroup]: greenPercent } };
  } else if (control.probeListener) {
    work.probe = control.probeListener;
  }
  return work;
}

/** True when the work asks nothing of the router. */
export function isIdle(work: TrafficWork): boolean {
  return work.targets.length === 0 && !work.weights && !work.probe;
}
