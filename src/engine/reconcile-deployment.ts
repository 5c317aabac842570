import type { Logger } from 'pino';
import type { Clock } from '../core/clock.ts';
import { isFinalStatus } from '../core/deployment.ts';
import type { DeploymentRecord } from '../store/deployments.ts';
import type { Store } from '../store/store.ts';
import { readInstanceHealth } from './instance-health.ts';
import type { MinimumHealthyHosts } from './plan/batching.ts';
import { planDeploymentStep, type DeploymentStep, type EngineControl } from './plan/deployment-step.ts';
import { planRollback } from './rollback.ts';
import type { EngineSettings } from './settings.ts';
import type { Waker } from './waker.ts';

/** What one reconcile needs. */
export interface ReconcileContext {
  store: Store;
  clock: Clock;
  waker: Waker;
  settings: EngineSettings;
  log: Logger;
  newId(): string;
}

/**
 * Reconciles one deployment: reads it, plans one step, and writes the step in one transaction
 * that is conditional on the deployment not having changed since it was read (else it returns
 * and the next pass starts over). Returns true when it wrote something.
 */
export async function reconcileDeployment(deploymentId: string, ctx: ReconcileContext): Promise<boolean> {
  const deployment = await ctx.store.deployments.get(deploymentId);
  if (!deployment || isFinalStatus(deployment.status)) return false;
  const step = planDeploymentStep(await snapshotOf(deployment, ctx));
  if (!step.change && step.abandoned.length === 0) return false;
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
  return applied;
}

async function snapshotOf(deployment: DeploymentRecord, ctx: ReconcileContext) {
  const { store } = ctx;
  const [targets, commands, busy, config] = await Promise.all([
    store.deploymentTargets.listAll(deployment.deploymentId),
    store.hostCommands.forDeployment(deployment.deploymentId),
    store.hostCommands.busyInstances(),
    store.deploymentConfigs.find(deployment.details.deploymentConfigName ?? 'CodeDeployDefault.OneAtATime'),
  ]);
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
  };
}

function announce(step: DeploymentStep, deployment: DeploymentRecord, rolledBack: boolean, ctx: ReconcileContext): void {
  for (const command of step.newCommands) ctx.waker.wakeHost(command.instanceName);
  if (step.finished) {
    ctx.log.info({ deploymentId: deployment.deploymentId, status: step.finished, rollback: rolledBack }, 'deployment finished');
  }
}
