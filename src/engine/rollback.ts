import type { DeploymentInfo } from '@aws-sdk/client-codedeploy';
import type { Transaction } from 'kysely';
import { newDeploymentId, newResourceId } from '../core/ids.ts';
import type { DeploymentTargetRecord } from '../store/deployment-targets.ts';
import type { DeploymentDetails, DeploymentRecord } from '../store/deployments.ts';
import type { Database } from '../store/schema.ts';
import { isBlueGreen } from './plan/blue-green.ts';
import type { DeploymentStep, EngineControl } from './plan/deployment-step.ts';
import type { ReconcileContext } from './reconcile-deployment.ts';

/** rollbackInfo.rollbackMessage of a deployment whose rollback was started. */
export const ROLLBACK_STARTED_MESSAGE = 'Automatic rollback initiated: the last successful revision is being redeployed.';

/** rollbackInfo.rollbackMessage when there is nothing to roll back to. */
export const NO_ROLLBACK_REVISION_MESSAGE = 'Automatic rollback was not performed: no earlier revision of this deployment group has succeeded.';

/** A rollback to create together with the ending of the deployment it replaces. */
export interface PlannedRollback {
  /** The ending deployment's details, with rollbackInfo filled in. */
  details: DeploymentDetails;
  /** Inserts the rollback deployment; runs inside the ending's transaction. */
  create(trx: Transaction<Database>): Promise<void>;
}

/**
 * Decides whether a deployment that this step ends is rolled back, per its effective
 * autoRollbackConfiguration (DEPLOYMENT_FAILURE, DEPLOYMENT_STOP_ON_REQUEST) or the
 * StopDeployment request's autoRollbackEnabled. A rollback is a new deployment of the group's
 * last successful revision to the same targets, created by `codeDeployRollback`; rollbacks
 * themselves are never rolled back.
 *
 * A blue/green rollback installs nothing: the original instances still run the old revision,
 * so it only puts traffic back (original targets AllowTraffic, replacement targets
 * BlockTraffic, a canary's split back to all-blue; see planRestore in plan/blue-green.ts). It
 * needs no earlier revision; it carries the previous one when there is one, for the record.
 */
export async function planRollback(deployment: DeploymentRecord, step: DeploymentStep, ctx: ReconcileContext): Promise<PlannedRollback | undefined> {
  if (!shouldRollBack(deployment, step)) return undefined;
  const details = step.change?.details ?? deployment.details;
  const blueGreen = isBlueGreen(deployment);
  const revision = deployment.details.previousRevision ?? (blueGreen ? deployment.details.revision : undefined);
  if (!revision) return { details: { ...details, rollbackInfo: { rollbackMessage: NO_ROLLBACK_REVISION_MESSAGE } }, create: async () => {} };
  const rollbackId = newDeploymentId();
  const now = ctx.clock.now();
  const targets = await ctx.store.deploymentTargets.listAll(deployment.deploymentId);
  return {
    details: { ...details, rollbackInfo: { rollbackDeploymentId: rollbackId, rollbackMessage: ROLLBACK_STARTED_MESSAGE } },
    async create(trx) {
      await ctx.store.deployments.insertIn(trx, {
        deploymentId: rollbackId,
        applicationName: deployment.applicationName,
        deploymentGroupName: deployment.deploymentGroupName,
        status: 'Created',
        createTime: now,
        details: rollbackDetails(deployment, revision),
        control: blueGreen ? restoreControl(deployment, now) : { deploymentGroupId: deployment.control.deploymentGroupId },
      }, targets.map((t) => (blueGreen ? restoreTarget(t, rollbackId, now) : freshTarget(t, rollbackId, now))));
    },
  };
}

function shouldRollBack(deployment: DeploymentRecord, step: DeploymentStep): boolean {
  if (deployment.details.creator === 'codeDeployRollback') return false;
  const config = deployment.details.autoRollbackConfiguration;
  const events = config?.enabled ? config.events ?? [] : [];
  const control = (step.change?.control ?? deployment.control) as EngineControl;
  if (step.finished === 'Failed') return events.includes('DEPLOYMENT_FAILURE');
  if (step.finished === 'Stopped' && control.ending?.errorInformation.code === 'MANUAL_STOP') {
    const requested = control.stopRequested?.autoRollbackEnabled;
    return requested ?? events.includes('DEPLOYMENT_STOP_ON_REQUEST');
  }
  return false;
}

function rollbackDetails(deployment: DeploymentRecord, revision: NonNullable<DeploymentInfo['revision']>): DeploymentDetails {
  const { errorInformation: _e, rollbackInfo: _r, startTime: _s, description: _d, ...kept } = deployment.details;
  return {
    ...kept,
    creator: 'codeDeployRollback',
    revision,
    previousRevision: deployment.details.previousRevision,
    rollbackInfo: { rollbackTriggeringDeploymentId: deployment.deploymentId },
  };
}

function freshTarget(target: DeploymentTargetRecord, deploymentId: string, now: number): DeploymentTargetRecord {
  return {
    ...target,
    deploymentId,
    status: 'Pending',
    lastUpdatedAt: now,
    lifecycleEvents: target.lifecycleEvents.map((e) => ({ lifecycleEventName: e.lifecycleEventName, status: 'Pending', hookExecutionId: newResourceId() })),
  };
}

/** The rollback's control: a canary's groups, asking for the split back at 0% green. */
function restoreControl(deployment: DeploymentRecord, now: number): EngineControl {
  const { shift } = deployment.control as EngineControl;
  return {
    deploymentGroupId: deployment.control.deploymentGroupId,
    shift: shift ? { ...shift, greenPercent: 0, since: now, verifiedAt: undefined } : undefined,
  };
}

/** A target of a blue/green rollback: originals take traffic again, replacements give it up. */
function restoreTarget(target: DeploymentTargetRecord, deploymentId: string, now: number): DeploymentTargetRecord {
  const event = target.instanceLabel === 'Green' ? 'BlockTraffic' : 'AllowTraffic';
  return {
    ...target,
    deploymentId,
    status: 'Pending',
    lastUpdatedAt: now,
    lifecycleEvents: [{ lifecycleEventName: event, status: 'Pending', hookExecutionId: newResourceId() }],
  };
}
