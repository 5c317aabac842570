import type { Logger } from 'pino';
import type { Clock } from '../core/clock.ts';
import { isFinalStatus } from '../core/deployment.ts';
import type { DeploymentRecord } from '../store/deployments.ts';
import type { Store } from '../store/store.ts';
import type { BlueFate } from './blue-fate.ts';
import { readInstanceHealth } from './instance-health.ts';
import type { MinimumHealthyHosts } from './plan/batching.ts';
import { planDeploymentStep, type DeploymentStep, type EngineControl } from './plan/deployment-step.ts';
import { planRollback } from './rollback.ts';
import type { EngineSettings } from './settings.ts';
import { carryOutTrafficWork } from './traffic/carry-out.ts';
import type { TrafficRouter } from './traffic/traffic-router.ts';
import { isIdle, trafficWorkOf } from './traffic/traffic-work.ts';
import type { Waker } from './waker.ts';

/** What one reconcile needs. */
export interface ReconcileContext {
  store: Store;
  clock: Clock;
  waker: Waker;
  settings: EngineSettings;
  log: Logger;
  /** The load balancer traffic events drive; undefined when the server has none. */
  router?: TrafficRouter;
  /** Carries out TERMINATE for blue/green deployments. */
  blueFate?: BlueFate;
  newId(): string;
}

/** Reconciles again at once after a write that left traffic work, up to this many times per pass. */
const MAX_TRAFFIC_REPEATS = 3;

/**
 * Reconciles one deployment, and again at once while each write leaves traffic work in flight
 * (a traffic event starts in one write and is observed in the next), so that a traffic step
 * does not wait a whole tick between starting and being seen done.
 */
export async function reconcileWithTraffic(deploymentId: string, ctx: ReconcileContext): Promise<{ waitingOnTraffic: boolean }> {
  for (let i = 0; ; i++) {
    const outcome = await reconcileOnce(deploymentId, ctx);
    if (!outcome.applied || !outcome.trafficAfter || i === MAX_TRAFFIC_REPEATS) {
      return { waitingOnTraffic: !!outcome.trafficAfter || !!outcome.trafficBefore };
    }
  }
}

/**
 * Reconciles one deployment: reads it, plans one step, and writes the step in one transaction
 * that is conditional on the deployment not having changed since it was read (else it returns
 * and the next pass starts over). Returns true when it wrote something.
 */
export async function reconcileDeployment(deploymentId: string, ctx: ReconcileContext): Promise<boolean> {
  return (await reconcileOnce(deploymentId, ctx)).applied;
}

interface ReconcileOutcome {
  applied: boolean;
  /** The stored state had traffic work in flight when the pass began. */
  trafficBefore?: boolean;
  /** The state written has traffic work in flight. */
  trafficAfter?: boolean;
}

async function reconcileOnce(deploymentId: string, ctx: ReconcileContext): Promise<ReconcileOutcome> {
  const deployment = await ctx.store.deployments.get(deploymentId);
  if (!deployment || isFinalStatus(deployment.status)) return { applied: false };
  if ((deployment.control as EngineControl).blueGreen?.phase === 'terminate') await ctx.blueFate?.advance(deployment);
  const snapshot = await snapshotOf(deployment, ctx);
  const step = planDeploymentStep(snapshot);
  const trafficBefore = snapshot.traffic.targets.size > 0 || snapshot.traffic.weights !== undefined;
  if (!step.change && step.abandoned.length === 0) return { applied: false, trafficBefore };
  const rollback = step.finished ? await planRollback(deployment, step, ctx) : undefined;
  const written = await ctx.store.deployments.update(deploymentId, (current) => {
    if (current.version !== deployment.version) return undefined;
    return {
      ...step.change,
      details: rollback?.details ?? step.change?.details,
      alsoInTransaction: async (trx) => {
        await ctx.store.hostCommands.insertIn(trx, step.newCommands);
        for (const a of step.abandoned) await ctx.store.hostCommands.abandonIn(trx, [a.hostCommandId], a.payload);
        await rollback?.create(trx);
      },
    };
  });
  const applied = written !== undefined && written.version > deployment.version;
  if (applied) announce(step, deployment, rollback !== undefined, ctx);
  const trafficAfter = applied && !step.finished && step.change?.targets !== undefined
    && !isIdle(trafficWorkOf(written.details, written.control, step.change.targets));
  return { applied, trafficBefore, trafficAfter };
}

async function snapshotOf(deployment: DeploymentRecord, ctx: ReconcileContext) {
  const { store } = ctx;
  const [targets, commands, busy, config] = await Promise.all([
    store.deploymentTargets.listAll(deployment.deploymentId),
    store.hostCommands.forDeployment(deployment.deploymentId),
    store.hostCommands.busyInstances(),
    store.deploymentConfigs.find(deployment.details.deploymentConfigName ?? 'CodeDeployDefault.OneAtATime'),
  ]);
  const traffic = await carryOutTrafficWork(trafficWorkOf(deployment.details, deployment.control, targets), {
    router: ctx.router, instances: store.instances,
  });
  const mine = new Set(commands.filter((c) => c.status === 'Pending' || c.status === 'InProgress').map((c) => c.instanceName));
  const kept = (deployment.control as EngineControl).initialHealth;
  const health = kept ? new Map(Object.entries(kept)) : await readInstanceHealth(store.db, {
    deploymentId: deployment.deploymentId, targetIds: targets.map((t) => t.targetId),
    revisionKey: JSON.stringify(deployment.details.revision ?? null),
  });
  return {
    deployment, targets, commands, health, now: ctx.clock.now(), settings: ctx.settings, newCommandId: ctx.newId,
    busyElsewhere: new Set([...busy].filter((i) => !mine.has(i))),
    rule: (config?.minimumHealthyHosts ?? { type: 'MOST_CONCURRENCY', value: 1 }) as MinimumHealthyHosts,
    routing: config?.trafficRoutingConfig, traffic,
  };
}

function announce(step: DeploymentStep, deployment: DeploymentRecord, rolledBack: boolean, ctx: ReconcileContext): void {
  for (const command of step.newCommands) ctx.waker.wakeHost(command.instanceName);
  if (step.finished) {
    ctx.log.info({ deploymentId: deployment.deploymentId, status: step.finished, rollback: rolledBack }, 'deployment finished');
  }
}
