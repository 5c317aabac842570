import type { ActionHandler } from '../action.ts';
import { AwsError } from '../errors.ts';
import { isDeploymentId } from '../../core/ids.ts';

/** Input of GetDeploymentLogs. */
export interface GetDeploymentLogsInput {
  deploymentId: string;
  instanceName?: string;
}

/**
 * GetDeploymentLogs (Cutover extension): the full script logs that agents uploaded for a
 * deployment's lifecycle events, oldest first, optionally for one instance. Each entry says
 * whether its event has completed, so `cutover logs --follow` knows when it has everything.
 */
export const getDeploymentLogs: ActionHandler<GetDeploymentLogsInput> = async (input, ctx) => {
  if (!isDeploymentId(input.deploymentId)) throw new AwsError('InvalidDeploymentIdException', `${input.deploymentId} is not a deployment id`);
  const deployment = await ctx.store.deployments.get(input.deploymentId);
  if (!deployment) throw new AwsError('DeploymentDoesNotExistException', `The deployment ${input.deploymentId} could not be found.`);
  const logs = await ctx.store.hostCommands.logs(input.deploymentId, input.instanceName);
  return {
    deploymentStatus: deployment.status,
    logs: logs.map((l) => ({ instanceName: l.instanceName, lifecycleEventName: l.commandName, log: l.log, complete: l.complete })),
  };
};
