import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { basename } from 'node:path';
import { HaproxyRuntimeApi } from './haproxy-runtime-api.ts';
import { parseSlots, stateOf, type HaproxySlot } from './haproxy-servers.ts';
import {
  TrafficRouterError, type TargetDescription, type TrafficRouter, type TrafficTarget,
} from './traffic-router.ts';

/** Where HAProxy's runtime API is. */
export interface HaproxyRouterOptions {
  /** A unix socket path or `host:port` of a `stats socket ... level admin`. */
  socket: string;
  /** Give up on one runtime API exchange after this long; default 3 s. */
  timeoutMs?: number;
}

/** Buckets of a listener's map: `rand(100)` picks one per request, so a bucket is 1 %. */
const BUCKETS = 100;

/**
 * HaproxyRouter drives HAProxy 2.6+ through its runtime API (docs/traffic-routers.md):
 * * a target group is a backend whose servers are pre-declared slots
 *   (`server-template slot 1-20 0.0.0.0:80 disabled`); register fills a free slot with the
 *   target's address, deregister puts it into `drain`, and once its requests are done it goes
 *   back to maintenance, free again;
 * * a listener is a frontend that picks its backend per request with
 *   `use_backend %[rand(100),map_int(<dir>/<listener>.map,<default>)]`; the map holds one entry
 *   per 1 % bucket, so setWeights rewrites the 100 entries atomically (prepare/commit map) and
 *   getWeights counts them: the split HAProxy really applies.
 */
export class HaproxyRouter implements TrafficRouter {
  readonly description: string;
  readonly #api: HaproxyRuntimeApi;
  /**
   * What each slot address was registered as: HAProxy holds resolved `ip:port`, the engine
   * matches descriptions by the address it asked for (a host name, say). Memory only: after a
   * restart an address reads back as `ip:port` with that as its instance name.
   */
  readonly #registered = new Map<string, TrafficTarget>();

  constructor(options: HaproxyRouterOptions) {
    this.#api = new HaproxyRuntimeApi(options);
    this.description = `HAProxy at ${options.socket}`;
  }

  async register(targetGroup: string, targets: readonly TrafficTarget[]): Promise<void> {
    const slots = await this.#slots(targetGroup);
    const commands: string[] = [];
    const resolved = await resolveAll(targets);
    resolved.forEach((address, i) => this.#registered.set(address.text, targets[i]!));
    for (const address of resolved) {
      const slot = slots.find((s) => !s.free && s.address === address.text);
      if (slot && !slot.draining) continue;
      const target = slot ?? takeFreeSlot(slots, targetGroup);
      if (!slot) commands.push(`set server ${target.id} addr ${address.ip} port ${address.port}`);
      // Leaving maintenance, HAProxy assumes a checked server is up at once. Passing through
      // drain (no new requests) and forcing health down first keeps it out of rotation until
      // its checks pass, which is what `initial` promises.
      commands.push(`set server ${target.id} state drain`, `set server ${target.id} health down`, `set server ${target.id} state ready`);
    }
    await this.#api.apply(commands);
  }

  async deregister(targetGroup: string, targets: readonly TrafficTarget[]): Promise<void> {
    const slots = await this.#slots(targetGroup);
    const wanted = new Set((await resolveAll(targets)).map((a) => a.text));
    const leaving = slots.filter((s) => !s.free && !s.draining && wanted.has(s.address));
    await this.#api.apply(leaving.map((s) => `set server ${s.id} state drain`));
  }

  async describe(targetGroup: string): Promise<TargetDescription[]> {
    const slots = (await this.#slots(targetGroup)).filter((s) => !s.free);
    // A drained slot with no request left is done: free it, so that it reads as absent.
    const done = slots.filter((s) => s.draining && s.current === 0);
    await this.#api.apply(done.map((s) => `set server ${s.id} state maint`));
    return slots.filter((s) => !done.includes(s)).map((s) => {
      const registered = this.#registered.get(s.address) ?? { instanceName: s.address, address: s.address };
      return { instanceName: registered.instanceName, address: registered.address, state: stateOf(s) };
    });
  }

  async setWeights(listener: string, weights: Readonly<Record<string, number>>): Promise<void> {
    checkWeights(listener, weights);
    await this.#checkBackends(Object.keys(weights));
    const map = await this.#mapOf(listener);
    const prepared = await this.#api.apply([`prepare map ${map}`]);
    const version = /New version created: (\d+)/.exec(prepared)?.[1];
    if (!version) throw new TrafficRouterError('REFUSED', `HAProxy at ${this.#api.socket} did not prepare a new version of ${map}: ${prepared.trim()}`);
    const entries = bucketsOf(weights).map((backend, bucket) => `add map @${version} ${map} ${bucket} ${backend}`);
    await this.#api.apply([...entries, `commit map @${version} ${map}`]);
  }

  async getWeights(listener: string): Promise<Record<string, number>> {
    const map = await this.#mapOf(listener);
    const counts: Record<string, number> = {};
    for (const line of (await this.#api.show(`show map ${map}`)).split('\n')) {
      const [, key, backend] = line.trim().split(/\s+/);
      if (backend && /^\d+$/.test(key!) && Number(key) < BUCKETS) counts[backend] = (counts[backend] ?? 0) + 1;
    }
    return counts;
  }

  async #slots(backend: string): Promise<HaproxySlot[]> {
    const state = await this.#api.show(`show servers state ${backend}`);
    if (/^Can't find backend/m.test(state)) {
      throw new TrafficRouterError('NOT_FOUND', `HAProxy at ${this.#api.socket} has no backend ${backend} (one backend per target group)`);
    }
    return parseSlots(backend, state, await this.#api.show(`show stat ${backend} 4 -1`));
  }

  async #checkBackends(names: readonly string[]): Promise<void> {
    const known = new Set((await this.#api.show('show backend')).split('\n').map((l) => l.trim()));
    const missing = names.filter((n) => !known.has(n));
    if (missing.length > 0) throw new TrafficRouterError('REFUSED', `HAProxy at ${this.#api.socket} has no backend ${missing.join(', ')}`);
  }

  /** The file of the map named `<listener>.map` that HAProxy loaded, as runtime commands name it. */
  async #mapOf(listener: string): Promise<string> {
    for (const line of (await this.#api.show('show map')).split('\n')) {
      const file = /^\S+ \((.+?)\)/.exec(line.trim())?.[1];
      if (file && basename(file) === `${listener}.map`) return file;
    }
    throw new TrafficRouterError('NOT_FOUND', `HAProxy at ${this.#api.socket} loaded no map ${listener}.map (one per listener)`);
  }
}

interface ResolvedAddress {
  ip: string;
  port: number;
  /** As `show servers state` spells it, to compare with slots. */
  text: string;
}

/** HAProxy takes only IP addresses at run time, so host names are resolved here. */
async function resolveAll(targets: readonly TrafficTarget[]): Promise<ResolvedAddress[]> {
  return Promise.all(targets.map(async ({ address }) => {
    const match = /^\[?(.+?)\]?:(\d+)$/.exec(address);
    if (!match) throw new TrafficRouterError('REFUSED', `target address ${address} is not host:port`);
    const ip = isIP(match[1]!) ? match[1]! : (await lookup(match[1]!)).address;
    const port = Number(match[2]);
    return { ip, port, text: `${ip.includes(':') ? `[${ip}]` : ip}:${port}` };
  }));
}

function takeFreeSlot(slots: HaproxySlot[], backend: string): HaproxySlot {
  const index = slots.findIndex((s) => s.free);
  if (index < 0) {
    throw new TrafficRouterError('REFUSED', `backend ${backend} has no free server slot: declare more with server-template`);
  }
  const [slot] = slots.splice(index, 1);
  return slot!;
}

function checkWeights(listener: string, weights: Readonly<Record<string, number>>): void {
  const values = Object.values(weights);
  const valid = values.every((w) => Number.isInteger(w) && w >= 0 && w <= 100) && values.reduce((a, b) => a + b, 0) === 100;
  if (!valid) throw new TrafficRouterError('REFUSED', `weights for ${listener} must be integers from 0 to 100 summing to 100: ${JSON.stringify(weights)}`);
}

/** The backend of each 1 % bucket, in the order the weights are given. */
function bucketsOf(weights: Readonly<Record<string, number>>): string[] {
  return Object.entries(weights).flatMap(([backend, weight]) => Array<string>(weight).fill(backend));
}
