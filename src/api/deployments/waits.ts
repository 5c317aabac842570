import { isFinalStatus } from '../../core/deployment.ts';
import type { DeploymentChange, DeploymentRecord } from '../../store/deployments.ts';
import { AwsError } from '../errors.ts';
import { isServerInPlace } from './lookup.ts';

/**
 * The blue/green waits a caller may cut short, and the changes that record it. The engine acts
 * on the recorded time on its next pass:
 * * READY_WAIT - the replacement environment is Ready; reroute traffic now.
 * * TERMINATION_WAIT - traffic has moved; terminate the original instances now.
 */
export type DeploymentWaitType = 'READY_WAIT' | 'TERMINATION_WAIT';

/** The change ContinueDeployment makes for `waitType`, refusing deployments not in that wait. */
export function continueChange(waitType: DeploymentWaitType, now: number) {
  return (current: DeploymentRecord): DeploymentChange => {
    checkBlueGreenInFlight(current);
    if (waitType === 'READY_WAIT') {
      if (current.status !== 'Ready') {
        throw new AwsError('DeploymentIsNotInReadyStateException',
          `The deployment ${current.deploymentId} is ${current.status}, not Ready, and cannot continue yet.`);
      }
      return { control: { ...current.control, readyWaitContinuedAt: now } };
    }
    if (!current.details.instanceTerminationWaitTimeStarted) {
      throw new AwsError('InvalidDeploymentStatusException',
        `The deployment ${current.deploymentId} is not waiting to terminate its original instances.`);
    }
    return { control: { ...current.control, terminationWaitSkippedAt: now } };
  };
}

/**
 * The change SkipWaitTimeForInstanceTermination makes: the original instances are terminated
 * as soon as traffic has moved, whether or not the wait has begun yet. A deployment that has
 * not started is refused (DeploymentNotStartedException).
 */
export function skipTerminationWaitChange(now: number) {
  return (current: DeploymentRecord): DeploymentChange => {
    checkBlueGreenInFlight(current);
    if (current.status === 'Created' || current.status === 'Queued') {
      throw new AwsError('DeploymentNotStartedException', `The deployment ${current.deploymentId} has not started.`);
    }
    return { control: { ...current.control, terminationWaitSkippedAt: now } };
  };
}

function checkBlueGreenInFlight(current: DeploymentRecord): void {
  if (isFinalStatus(current.status)) {
    throw new AwsError('DeploymentAlreadyCompletedException', `The deployment ${current.deploymentId} is already ${current.status}.`);
  }
  if (isServerInPlace(current)) {
    throw new AwsError('UnsupportedActionForDeploymentTypeException',
      `The deployment ${current.deploymentId} is an in-place deployment; only blue/green deployments wait for traffic or termination.`);
  }
}
