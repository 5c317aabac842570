import { isLifecycleEventDone } from '../../core/lifecycle.ts';
import type { DeploymentTargetRecord } from '../../store/deployment-targets.ts';
import type { DeploymentChange, DeploymentRecord } from '../../store/deployments.ts';
import { AwsError } from '../errors.ts';
import { platformOf } from './lookup.ts';

/** What a Lambda or ECS hook function may report: only these two outcomes. */
export type HookOutcome = 'Succeeded' | 'Failed';

/** Checks the reported status; anything but Succeeded or Failed is refused. */
export function checkHookOutcome(status: string | undefined): HookOutcome {
  if (status === 'Succeeded' || status === 'Failed') return status;
  throw new AwsError('InvalidLifecycleEventHookExecutionStatusException',
    `A lifecycle hook reports Succeeded or Failed, not ${status ?? 'nothing'}.`);
}

/**
 * The change PutLifecycleEventHookExecutionStatus makes: the lifecycle event whose hook
 * execution id matches gets the reported outcome and its end time. Server deployments run
 * scripts through the agent, not hook functions (UnsupportedActionForDeploymentTypeException);
 * an unknown id is InvalidLifecycleEventHookExecutionIdException; a finished event is
 * LifecycleEventAlreadyCompletedException. The engine reads the outcome on its next pass.
 */
export function hookStatusChange(options: { hookExecutionId: string; outcome: HookOutcome; now: number }) {
  return (current: DeploymentRecord, targets: DeploymentTargetRecord[]): DeploymentChange => {
    if (platformOf(current) === 'Server') {
      throw new AwsError('UnsupportedActionForDeploymentTypeException',
        'Lifecycle hook statuses are reported only for Lambda and ECS deployments.');
    }
    const target = targets.find((t) => t.lifecycleEvents.some((e) => e.hookExecutionId === options.hookExecutionId));
    if (!target) {
      throw new AwsError('InvalidLifecycleEventHookExecutionIdException',
        `No lifecycle hook execution ${options.hookExecutionId} in deployment ${current.deploymentId}.`);
    }
    return { targets: [withOutcome(target, options)] };
  };
}

function withOutcome(target: DeploymentTargetRecord, options: { hookExecutionId: string; outcome: HookOutcome; now: number }): DeploymentTargetRecord {
  const lifecycleEvents = target.lifecycleEvents.map((e) => {
    if (e.hookExecutionId !== options.hookExecutionId) return e;
    if (isLifecycleEventDone(e.status)) {
      throw new AwsError('LifecycleEventAlreadyCompletedException',
        `The lifecycle event ${e.lifecycleEventName} of ${target.targetId} is already ${e.status}.`);
    }
    return { ...e, status: options.outcome, startTime: e.startTime ?? options.now, endTime: options.now };
  });
  return { ...target, lifecycleEvents, lastUpdatedAt: options.now };
}
