import type {
  PutLifecycleEventHookExecutionStatusInput, PutLifecycleEventHookExecutionStatusOutput,
} from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { checkHookOutcome, hookStatusChange } from '../deployments/hook-status.ts';
import { checkDeploymentId, deploymentMissing } from '../deployments/lookup.ts';
import { AwsError } from '../errors.ts';

/**
 * PutLifecycleEventHookExecutionStatus: a Lambda or ECS hook function reports its outcome
 * (Succeeded or Failed) for the lifecycle event it was invoked for.
 */
export const putLifecycleEventHookExecutionStatus: ActionHandler<
  PutLifecycleEventHookExecutionStatusInput, PutLifecycleEventHookExecutionStatusOutput
> = async (input, ctx) => {
  const deploymentId = checkDeploymentId(input.deploymentId);
  const hookExecutionId = input.lifecycleEventHookExecutionId;
  if (!hookExecutionId) {
    throw new AwsError('InvalidLifecycleEventHookExecutionIdException', 'A lifecycle event hook execution ID must be specified.');
  }
  const outcome = checkHookOutcome(input.status);
  const change = hookStatusChange({ hookExecutionId, outcome, now: ctx.clock.now() });
  if (!(await ctx.store.deployments.update(deploymentId, change))) throw deploymentMissing(deploymentId);
  return { lifecycleEventHookExecutionId: hookExecutionId };
};
