import type { ErrorInformation } from '@aws-sdk/client-codedeploy';
import type { InstanceStore } from '../../store/instances.ts';
import { trafficTargetOf } from './instance-targets.ts';
import { TrafficRouterError, type TargetHealthState, type TrafficRouter, type TrafficTarget } from './traffic-router.ts';
import {
  isIdle, NO_OBSERVATIONS, type TargetObservation, type TargetTrafficWork, type TrafficObservations, type TrafficWork,
  type WeightsObservation,
} from './traffic-work.ts';

/** What carrying out traffic work needs. */
export interface CarryOutOptions {
  /** Undefined when the server runs without a load balancer: traffic work then fails. */
  router?: TrafficRouter;
  instances: InstanceStore;
}

/** The message when a deployment needs a load balancer and the server has none. */
export const NO_ROUTER_MESSAGE =
  'This deployment moves traffic, but the Cutover server has no traffic router configured: start it with a load balancer (the built-in proxy or HAProxy).';

/**
 * Asks the router for the state the work describes (register, deregister, weights) and reads
 * back what it applies. Never throws: a failure becomes the affected targets' observation, so
 * that the planner can fail exactly those events with a clear message. Calls are idempotent, so
 * repeating them every pass until the planner is satisfied is how waiting works.
 */
export async function carryOutTrafficWork(work: TrafficWork, options: CarryOutOptions): Promise<TrafficObservations> {
  if (isIdle(work)) return NO_OBSERVATIONS;
  const { router } = options;
  if (!router) return everyoneFails(work, { code: 'ELASTIC_LOAD_BALANCING_INVALID', message: NO_ROUTER_MESSAGE });
  const targets = new Map<string, TargetObservation>();
  const addressed = await resolveAddresses(work.targets, options.instances, targets);
  await applyMembership(router, addressed, targets);
  await describeMembership(router, addressed, targets);
  return { targets, weights: await weightsOf(router, work) };
}

interface Addressed {
  work: TargetTrafficWork;
  target: TrafficTarget;
}

async function resolveAddresses(work: TargetTrafficWork[], instances: InstanceStore, out: Map<string, TargetObservation>): Promise<Addressed[]> {
  const needed = work.filter((w) => w.groups.length > 0);
  for (const w of work) if (w.groups.length === 0) out.set(w.targetId, { ok: true, states: {} });
  const records = new Map((await instances.batchGet(needed.map((w) => w.targetId))).map((r) => [r.instanceName, r]));
  const addressed: Addressed[] = [];
  for (const w of needed) {
    const outcome = trafficTargetOf(w.targetId, records.get(w.targetId));
    if (outcome.ok) addressed.push({ work: w, target: outcome.target });
    else out.set(w.targetId, { ok: false, error: { code: 'ELB_INVALID_INSTANCE', message: outcome.message } });
  }
  return addressed;
}

/** One register or deregister call per group and action, covering every target that needs it. */
async function applyMembership(router: TrafficRouter, addressed: Addressed[], out: Map<string, TargetObservation>): Promise<void> {
  const calls = new Map<string, Addressed[]>();
  for (const a of addressed) {
    for (const group of a.work.groups) {
      const key = JSON.stringify([a.work.action, group]);
      calls.set(key, [...(calls.get(key) ?? []), a]);
    }
  }
  for (const [key, members] of calls) {
    const [action, group] = JSON.parse(key) as ['allow' | 'block', string];
    const pending = members.filter((m) => !out.has(m.work.targetId));
    if (pending.length === 0) continue;
    try {
      const list = pending.map((m) => m.target);
      await (action === 'allow' ? router.register(group, list) : router.deregister(group, list));
    } catch (error) {
      const verb = action === 'allow' ? 'register' : 'deregister';
      const failure = routerFailure(router, `${verb} ${pending.map((m) => m.target.instanceName).join(', ')} in target group ${group}`, error);
      for (const m of pending) out.set(m.work.targetId, { ok: false, error: failure });
    }
  }
}

async function describeMembership(router: TrafficRouter, addressed: Addressed[], out: Map<string, TargetObservation>): Promise<void> {
  const groups = [...new Set(addressed.filter((a) => !out.has(a.work.targetId)).flatMap((a) => a.work.groups))];
  const described = new Map<string, Map<string, TargetHealthState> | ErrorInformation>();
  for (const group of groups) {
    try {
      described.set(group, new Map((await router.describe(group)).map((d) => [d.address, d.state])));
    } catch (error) {
      described.set(group, routerFailure(router, `describe target group ${group}`, error));
    }
  }
  for (const a of addressed) {
    if (out.has(a.work.targetId)) continue;
    out.set(a.work.targetId, observationOf(a, described));
  }
}

function observationOf(a: Addressed, described: Map<string, Map<string, TargetHealthState> | ErrorInformation>): TargetObservation {
  const states: Record<string, TargetHealthState | 'absent'> = {};
  for (const group of a.work.groups) {
    const members = described.get(group)!;
    if (!(members instanceof Map)) return { ok: false, error: members };
    states[group] = members.get(a.target.address) ?? 'absent';
  }
  return { ok: true, states };
}

async function weightsOf(router: TrafficRouter, work: TrafficWork): Promise<WeightsObservation | undefined> {
  const listener = work.weights?.listener ?? work.probe;
  if (!listener) return undefined;
  try {
    if (work.weights) await router.setWeights(listener, work.weights.weights);
    return { ok: true, weights: await router.getWeights(listener) };
  } catch (error) {
    return { ok: false, error: routerFailure(router, `${work.weights ? 'set' : 'read'} the weights of listener ${listener}`, error) };
  }
}

function everyoneFails(work: TrafficWork, error: ErrorInformation): TrafficObservations {
  return {
    targets: new Map(work.targets.map((w) => [w.targetId, w.groups.length === 0 ? { ok: true, states: {} } : { ok: false, error }])),
    weights: work.weights || work.probe ? { ok: false, error } : undefined,
  };
}

/** The errorInformation of a router call that failed: what was asked, of whom, and why. */
function routerFailure(router: TrafficRouter, asked: string, error: unknown): ErrorInformation {
  const why = error instanceof TrafficRouterError ? `${error.failure}: ${error.message}` : `UNEXPECTED: ${(error as Error).message}`;
  return { code: 'ELASTIC_LOAD_BALANCING_INVALID', message: `The traffic router (${router.description}) could not ${asked}. ${why}` };
}
