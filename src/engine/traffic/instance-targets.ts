import type { InstanceTag } from '../../core/instance-selection.ts';
import type { TrafficTarget } from './traffic-router.ts';

/**
 * The on-premises instance tag that says where a load balancer reaches an instance. Cutover
 * cannot discover an address the way a cloud would, so the operator declares it when tagging
 * the instance (`cutover:address=10.0.0.5:8080`), just as the group's own tags are added.
 */
export const ADDRESS_TAG = 'cutover:address';

/** An instance as address resolution needs it. */
export interface AddressedInstance {
  instanceName: string;
  tags: readonly InstanceTag[];
}

/** A resolved address, or why there is none (a message naming the instance and the tag). */
export type AddressOutcome = { ok: true; target: TrafficTarget } | { ok: false; message: string };

/**
 * Resolves an instance to the TrafficTarget the router registers: its `cutover:address` tag,
 * `host:port` with a port from 1 to 65535 (IPv6 hosts in brackets, `[::1]:8080`).
 * `instance` undefined means the instance is not registered (any more).
 */
export function trafficTargetOf(instanceName: string, instance: AddressedInstance | undefined): AddressOutcome {
  if (!instance) return { ok: false, message: `Instance ${instanceName} is not registered, so its ${ADDRESS_TAG} tag cannot be read.` };
  const tag = instance.tags.find((t) => t.Key === ADDRESS_TAG);
  if (!tag) {
    return { ok: false, message: `Instance ${instanceName} has no ${ADDRESS_TAG} tag: add one with the host:port the load balancer should send traffic to.` };
  }
  if (!isHostPort(tag.Value)) {
    return { ok: false, message: `Instance ${instanceName} has a malformed ${ADDRESS_TAG} tag "${tag.Value}": expected host:port, e.g. 10.0.0.5:8080.` };
  }
  return { ok: true, target: { instanceName, address: tag.Value } };
}

function isHostPort(value: string): boolean {
  const match = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(value);
  if (!match) return false;
  const port = Number(match[2]);
  return port >= 1 && port <= 65535;
}
