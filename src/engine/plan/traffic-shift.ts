import type { ErrorInformation } from '@aws-sdk/client-codedeploy';
import type { ShiftState } from '../traffic/traffic-work.ts';
import type { Pass } from './deployment-step.ts';

/**
 * Canary and linear shifting for Server blue/green deployments (a Cutover extension; pure).
 * The deployment config's trafficRoutingConfig (TimeBasedCanary or TimeBasedLinear) and the
 * group's `loadBalancerInfo.targetGroupPairInfoList[0]` (two target groups, the listener in
 * `prodTrafficRoute.listenerArns[0]`) turn it on:
 *
 * 1. probe: read the listener's split; the group at 100% is blue, the other green.
 * 2. (reroute: Green targets join the green group and turn healthy.)
 * 3. shift: set the split step by step (canary: p, then 100 after canaryInterval minutes;
 *    linear: +p every linearInterval minutes), each step read back and compared: a router that
 *    applied something else fails the deployment.
 *
 * `control.shift` holds the current step; the reconciler sets and reads weights while
 * `verifiedAt` is unset. A rollback keeps the groups and asks for 0% green.
 */

/** True when the deployment shifts weights between a target group pair. */
export function usesShift(pass: Pass): boolean {
  const type = pass.snapshot.routing?.type;
  return (type === 'TimeBasedCanary' || type === 'TimeBasedLinear') && !!pairOf(pass);
}

/**
 * Probes the listener (no shift yet) or runs one shift step. `onDone` runs when the split has
 * reached 100% green (or when the probe found the groups) and says whether to go on at once.
 */
export function planShift(pass: Pass, onDone: () => boolean): boolean {
  if (!pass.control.shift) return probe(pass, onDone);
  const shift = pass.control.shift;
  if (shift.verifiedAt === undefined) return verify(pass, shift);
  if (shift.greenPercent >= 100) return onDone();
  const interval = intervalMinutes(pass) * pass.snapshot.settings.minuteMs;
  if (shift.greenPercent > 0 && pass.snapshot.now - shift.verifiedAt < interval) return false;
  setShift(pass, { ...shift, greenPercent: nextPercent(pass, shift.greenPercent), since: pass.snapshot.now, verifiedAt: undefined });
  return false;
}

function probe(pass: Pass, onDone: () => boolean): boolean {
  const pair = pairOf(pass)!;
  const observed = pass.snapshot.traffic?.weights;
  if (pass.control.probeListener !== pair.listener || !observed) {
    if (pass.control.probeListener !== pair.listener) pass.control = { ...pass.control, probeListener: pair.listener };
    return false;
  }
  if (!observed.ok) return fail(pass, observed.error);
  const [a, b] = pair.groups;
  const blueGroup = observed.weights[a] === 100 ? a : observed.weights[b] === 100 ? b : undefined;
  if (!blueGroup) {
    return fail(pass, {
      code: 'ELASTIC_LOAD_BALANCING_INVALID',
      message: `Listener ${pair.listener} splits traffic ${JSON.stringify(observed.weights)}; a canary or linear deployment starts from one of ${a} and ${b} at 100%.`,
    });
  }
  const { probeListener: _p, ...rest } = pass.control;
  const greenGroup = blueGroup === a ? b : a;
  pass.control = { ...rest, shift: { listener: pair.listener, blueGroup, greenGroup, greenPercent: 0, since: pass.snapshot.now, verifiedAt: pass.snapshot.now } };
  return onDone();
}

function verify(pass: Pass, shift: ShiftState): boolean {
  const observed = pass.snapshot.traffic?.weights;
  if (observed && !observed.ok) return fail(pass, observed.error);
  if (observed?.ok) {
    const blue = observed.weights[shift.blueGroup] ?? 0;
    const green = observed.weights[shift.greenGroup] ?? 0;
    if (blue === 100 - shift.greenPercent && green === shift.greenPercent) {
      setShift(pass, { ...shift, verifiedAt: pass.snapshot.now });
      return false;
    }
    return fail(pass, {
      code: 'ELASTIC_LOAD_BALANCING_INVALID',
      message: `Listener ${shift.listener} applies ${JSON.stringify(observed.weights)} after Cutover asked for ${shift.blueGroup}=${100 - shift.greenPercent}, ${shift.greenGroup}=${shift.greenPercent}.`,
    });
  }
  if (pass.snapshot.now - shift.since > pass.snapshot.settings.trafficHealthTimeoutMs) {
    return fail(pass, { code: 'ELASTIC_LOAD_BALANCING_INVALID', message: `Listener ${shift.listener} did not confirm the shift to ${shift.greenPercent}% green in time.` });
  }
  return false;
}

function nextPercent(pass: Pass, current: number): number {
  const routing = pass.snapshot.routing!;
  if (routing.type === 'TimeBasedCanary') return current === 0 ? routing.timeBasedCanary?.canaryPercentage ?? 10 : 100;
  return Math.min(100, current + (routing.timeBasedLinear?.linearPercentage ?? 10));
}

function intervalMinutes(pass: Pass): number {
  const routing = pass.snapshot.routing!;
  return (routing.type === 'TimeBasedCanary' ? routing.timeBasedCanary?.canaryInterval : routing.timeBasedLinear?.linearInterval) ?? 0;
}

function setShift(pass: Pass, shift: ShiftState): void {
  pass.control = { ...pass.control, shift };
}

function fail(pass: Pass, error: ErrorInformation): boolean {
  pass.control = { ...pass.control, trafficError: pass.control.trafficError ?? error };
  pass.failWith('HEALTH_CONSTRAINTS', error.message ?? '');
  return false;
}

function pairOf(pass: Pass): { listener: string; groups: [string, string] } | undefined {
  const pair = pass.details.loadBalancerInfo?.targetGroupPairInfoList?.[0];
  const listener = pair?.prodTrafficRoute?.listenerArns?.[0];
  const names = (pair?.targetGroups ?? []).map((g) => g.name);
  if (!listener || names.length !== 2 || names.some((n) => !n)) return undefined;
  return { listener, groups: names as [string, string] };
}
