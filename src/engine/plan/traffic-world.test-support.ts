import type { BlueGreenDeploymentConfiguration, DeploymentStyle, LoadBalancerInfo, TrafficRoutingConfig } from '@aws-sdk/client-codedeploy';
import { lifecycleEventNames } from '../../core/lifecycle.ts';
import type { DeploymentTargetRecord } from '../../store/deployment-targets.ts';
import type { DeploymentRecord } from '../../store/deployments.ts';
import type { HostCommand } from '../../store/host-commands.ts';
import { DEFAULT_ENGINE_SETTINGS } from '../settings.ts';
import type { TargetHealthState } from '../traffic/traffic-router.ts';
import { trafficWorkOf, type TargetObservation, type TrafficObservations, type WeightsObservation } from '../traffic/traffic-work.ts';
import type { MinimumHealthyHosts } from './batching.ts';
import { planDeploymentStep, type EngineControl } from './deployment-step.ts';

/** Engine settings of the traffic planner tests: one-second minutes, a 10 s health timeout. */
export const TRAFFIC_SETTINGS = { ...DEFAULT_ENGINE_SETTINGS, minuteMs: 1000, trafficHealthTimeoutMs: 10_000 };

/** What a world's deployment looks like. */
export interface WorldOptions {
  blue: string[];
  green?: string[];
  style: DeploymentStyle;
  loadBalancerInfo?: LoadBalancerInfo;
  blueGreen?: BlueGreenDeploymentConfiguration;
  routing?: TrafficRoutingConfig;
  rule?: MinimumHealthyHosts;
  creator?: 'user' | 'codeDeployRollback';
}

/**
 * A deployment driven by the pure planner against a load balancer kept as data: each step
 * derives the traffic work from the stored state, applies it to `groups` and `weights` the way
 * a router would (registered targets turn `healthy` unless listed in `sick`; deregistered ones
 * leave at once), and feeds the observations to the planner. Hosts answer every command.
 */
export class TrafficWorld {
  now = 1_000_000;
  deployment: DeploymentRecord;
  targets: DeploymentTargetRecord[];
  commands: HostCommand[] = [];
  groups = new Map<string, Map<string, TargetHealthState>>();
  weights = new Map<string, Record<string, number>>();
  /** Instances that never turn healthy. */
  sick = new Set<string>();
  /** When set, every router call fails with this message (UNREACHABLE). */
  routerDown?: string;
  /** Per listener, a split the router applies instead of the one asked for. */
  skew = new Map<string, Record<string, number>>();
  /** Router calls in order, for asserting sequences: `register tg web-1`, `weights l {...}`. */
  log: string[] = [];
  #ids = 0;
  readonly #options: WorldOptions;

  constructor(options: WorldOptions) {
    this.#options = options;
    this.deployment = {
      deploymentId: 'd-TRAFFIC01', applicationName: 'app', deploymentGroupName: 'grp', status: 'Created', createTime: this.now,
      version: 0, control: {}, overview: { Pending: 0, InProgress: 0, Succeeded: 0, Failed: 0, Skipped: 0, Ready: 0 },
      details: {
        computePlatform: 'Server', deploymentStyle: options.style, loadBalancerInfo: options.loadBalancerInfo,
        blueGreenDeploymentConfiguration: options.blueGreen, creator: options.creator ?? 'user',
      },
    };
    const target = (targetId: string, label: 'Blue' | 'Green'): DeploymentTargetRecord => ({
      deploymentId: 'd-TRAFFIC01', targetId, targetType: 'InstanceTarget', status: 'Pending', lastUpdatedAt: this.now, instanceLabel: label,
      lifecycleEvents: lifecycleEventNames({ computePlatform: 'Server', deploymentStyle: options.style, instanceLabel: label })
        .map((lifecycleEventName) => ({ lifecycleEventName, status: 'Pending', hookExecutionId: lifecycleEventName })),
    });
    this.targets = [...options.blue.map((t) => target(t, 'Blue')), ...(options.green ?? []).map((t) => target(t, 'Green'))];
  }

  get control(): EngineControl {
    return this.deployment.control as EngineControl;
  }

  /** Puts an instance into a group as healthy (the state before the deployment). */
  seed(group: string, ...instances: string[]): this {
    const members = this.groups.get(group) ?? new Map();
    for (const i of instances) members.set(i, 'healthy');
    this.groups.set(group, members);
    return this;
  }

  members(group: string): string[] {
    return [...(this.groups.get(group)?.keys() ?? [])].sort();
  }

  /** One reconcile: carry out the stored traffic work, then plan, apply, and answer hosts. */
  step(): void {
    const traffic = this.#carryOut();
    const step = planDeploymentStep({
      deployment: this.deployment, targets: this.targets, commands: this.commands, health: new Map(),
      rule: this.#options.rule ?? { type: 'MOST_CONCURRENCY', value: 1 }, routing: this.#options.routing, traffic,
      busyElsewhere: new Set(), now: this.now, settings: TRAFFIC_SETTINGS, newCommandId: () => `c${++this.#ids}`,
    });
    if (step.change) {
      const { targets, alsoInTransaction: _a, ...rest } = step.change;
      this.deployment = { ...this.deployment, ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)), version: this.deployment.version + 1 };
      for (const t of targets ?? []) this.targets = this.targets.map((x) => (x.targetId === t.targetId ? t : x));
    }
    for (const c of step.newCommands) {
      this.log.push(`hook ${c.instanceName} ${c.commandName}`);
      this.commands.push({ ...c, status: 'Succeeded', nonce: 0, createTime: this.now, completeTime: this.now, diagnostics: '{"error_code":0}' });
    }
  }

  /** Steps until the deployment is final or `until` holds, `ms` apart; at most `max` steps. */
  run(until: (w: TrafficWorld) => boolean = () => false, ms = 100, max = 2000): void {
    for (let i = 0; i < max && !['Succeeded', 'Failed', 'Stopped'].includes(this.deployment.status) && !until(this); i++) {
      this.step();
      this.now += ms;
    }
  }

  target(id: string): DeploymentTargetRecord {
    return this.targets.find((t) => t.targetId === id)!;
  }

  #carryOut(): TrafficObservations {
    const work = trafficWorkOf(this.deployment.details, this.control, this.targets);
    const targets = new Map<string, TargetObservation>();
    for (const w of work.targets) {
      if (this.routerDown) {
        targets.set(w.targetId, { ok: false, error: { code: 'ELASTIC_LOAD_BALANCING_INVALID', message: this.routerDown } });
        continue;
      }
      const states: Record<string, TargetHealthState | 'absent'> = {};
      for (const group of w.groups) {
        const members = this.groups.get(group) ?? new Map<string, TargetHealthState>();
        this.groups.set(group, members);
        if (w.action === 'allow' && !members.has(w.targetId)) {
          this.log.push(`register ${group} ${w.targetId}`);
          members.set(w.targetId, this.sick.has(w.targetId) ? 'unhealthy' : 'healthy');
        }
        if (w.action === 'block' && members.has(w.targetId)) {
          this.log.push(`deregister ${group} ${w.targetId}`);
          members.delete(w.targetId);
        }
        states[group] = members.get(w.targetId) ?? 'absent';
      }
      targets.set(w.targetId, { ok: true, states });
    }
    return { targets, weights: this.#weights(work.weights, work.probe) };
  }

  #weights(asked: { listener: string; weights: Record<string, number> } | undefined, probe: string | undefined): WeightsObservation | undefined {
    const listener = asked?.listener ?? probe;
    if (!listener) return undefined;
    if (this.routerDown) return { ok: false, error: { code: 'ELASTIC_LOAD_BALANCING_INVALID', message: this.routerDown } };
    if (asked) {
      this.log.push(`weights ${listener} ${JSON.stringify(asked.weights)}`);
      this.weights.set(listener, this.skew.get(listener) ?? asked.weights);
    }
    return { ok: true, weights: { ...this.weights.get(listener) } };
  }
}
