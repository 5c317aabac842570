import type { DeregisterOnPremisesInstanceInput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { checkInstanceName } from '../resources/instances.ts';

/**
 * DeregisterOnPremisesInstance: marks the instance deregistered and keeps its record, tags and
 * name. Deregistering an already deregistered instance succeeds and keeps the first
 * deregisterTime. An unknown name is a no-op success: the model lists no "not registered" error
 * for this operation, only the name checks.
 */
export const deregisterOnPremisesInstance: ActionHandler<DeregisterOnPremisesInstanceInput, void> = async (input, ctx) => {
  const instanceName = checkInstanceName(input.instanceName);
  await ctx.store.instances.deregister(instanceName);
};
