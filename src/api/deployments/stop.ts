import type { StopDeploymentOutput } from '@aws-sdk/client-codedeploy';
import { MANUAL_STOP_MESSAGE, planStop, STOP_PENDING_MESSAGE, STOP_SUCCEEDED_MESSAGE } from '../../core/deployment.ts';
import type { DeploymentTargetRecord } from '../../store/deployment-targets.ts';
import type { DeploymentChange, DeploymentRecord } from '../../store/deployments.ts';
import { AwsError } from '../errors.ts';

/**
 * The change StopDeployment makes, decided from the deployment's current state (see
 * core/deployment.ts planStop). The stop request is always recorded for the engine. When no
 * target has started, the stop also completes here and now: status Stopped, MANUAL_STOP, every
 * target and pending lifecycle event Skipped.
 *
 * When the request says nothing about rollback, the deployment's autoRollbackConfiguration
 * decides (DEPLOYMENT_STOP_ON_REQUEST); the engine creates the rollback deployment.
 */
export function stopChange(options: { autoRollbackEnabled?: boolean; now: number }) {
  return (current: DeploymentRecord, targets: DeploymentTargetRecord[]): DeploymentChange | undefined => {
    const plan = planStop(current.status, targets.map((t) => t.status));
    // Asking again after a stop went through answers Succeeded, as the user guide describes
    // ("a later call returns Succeeded"); any other finished deployment cannot be stopped.
    if (plan === 'already-final' && current.status === 'Stopped' && current.control.stopRequested) return undefined;
    if (plan === 'already-final') {
      throw new AwsError('DeploymentAlreadyCompletedException', `The deployment ${current.deploymentId} is already ${current.status}.`);
    }
    const control = { ...current.control, stopRequested: { time: options.now, autoRollbackEnabled: options.autoRollbackEnabled } };
    if (plan === 'stop-later') return { control };
    return {
      status: 'Stopped',
      completeTime: options.now,
      details: { ...current.details, errorInformation: { code: 'MANUAL_STOP', message: MANUAL_STOP_MESSAGE } },
      control,
      targets: targets.map((t) => skipped(t, options.now)),
    };
  };
}

/** StopDeployment's answer for the deployment as the stop left it. */
export function stopOutput(deployment: DeploymentRecord): StopDeploymentOutput {
  return deployment.status === 'Stopped'
    ? { status: 'Succeeded', statusMessage: STOP_SUCCEEDED_MESSAGE }
    : { status: 'Pending', statusMessage: STOP_PENDING_MESSAGE };
}

function skipped(target: DeploymentTargetRecord, now: number): DeploymentTargetRecord {
  return {
    ...target,
    status: 'Skipped',
    lastUpdatedAt: now,
    lifecycleEvents: target.lifecycleEvents.map((e) => (e.status === 'Pending' ? { ...e, status: 'Skipped' } : e)),
  };
}
