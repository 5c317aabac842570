import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InstanceTarget } from '@aws-sdk/client-codedeploy';

/** One line the hook prelude appends to `<shared>/timeline.log`. */
export interface Mark {
  kind: 'start' | 'end';
  host: string;
  deploymentId: string;
  event: string;
  /** Wall clock in nanoseconds. */
  at: bigint;
  version: string;
}

/** A host's busy interval within one deployment. */
export interface Interval {
  host: string;
  from: number;
  to: number;
}

/** Every mark the fleet's hooks wrote, in file order. */
export function readTimeline(shared: string): Mark[] {
  const file = join(shared, 'timeline.log');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((line) => {
    const [kind, host, deploymentId, event, at, version] = line.split(' ');
    return { kind: kind as Mark['kind'], host: host!, deploymentId: deploymentId!, event: event!, at: BigInt(at!), version: version! };
  });
}

/** Per host, from its first hook's start to its last hook's end in the deployment (ms). */
export function hookIntervals(marks: Mark[], deploymentId: string): Interval[] {
  const byHost = new Map<string, Interval>();
  for (const mark of marks.filter((m) => m.deploymentId === deploymentId)) {
    const ms = Number(mark.at / 1_000_000n);
    const seen = byHost.get(mark.host);
    byHost.set(mark.host, seen ? { host: mark.host, from: Math.min(seen.from, ms), to: Math.max(seen.to, ms) } : { host: mark.host, from: ms, to: ms });
  }
  return [...byHost.values()];
}

/** Per target, from its first lifecycle event's start to its last event's end (ms), per the API. */
export function targetIntervals(targets: InstanceTarget[]): Interval[] {
  return targets.flatMap((target) => {
    const events = target.lifecycleEvents ?? [];
    const starts = events.flatMap((e) => (e.startTime ? [e.startTime.getTime()] : []));
    const ends = events.flatMap((e) => (e.endTime ? [e.endTime.getTime()] : []));
    return starts.length ? [{ host: target.targetId!, from: Math.min(...starts), to: Math.max(...ends, ...starts) }] : [];
  });
}

/** The most intervals open at one instant (touching ends do not overlap). */
export function maxConcurrency(intervals: Interval[]): number {
  const points = intervals.flatMap((i) => [{ at: i.from, delta: 1 }, { at: i.to, delta: -1 }]);
  points.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let open = 0;
  let most = 0;
  for (const p of points) {
    open += p.delta;
    most = Math.max(most, open);
  }
  return most;
}

/** Hosts in the order their first hook started. */
export function startOrder(intervals: Interval[]): string[] {
  return [...intervals].sort((a, b) => a.from - b.from).map((i) => i.host);
}
