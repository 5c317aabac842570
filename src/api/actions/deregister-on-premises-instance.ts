import type { DeregisterOnPremisesInstanceInput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { checkInstanceName, instanceNotRegistered } from '../resources/instances.ts';

/**
 * DeregisterOnPremisesInstance: marks the instance deregistered and keeps its record, tags and
 * name. Deregistering an already deregistered instance succeeds and keeps the first
 * deregisterTime; an unknown name is InstanceNotRegisteredException.
 */
export const deregisterOnPremisesInstance: ActionHandler<DeregisterOnPremisesInstanceInput, void> = async (input, ctx) => {
  const instanceName = checkInstanceName(input.instanceName);
  if (!(await ctx.store.instances.deregister(instanceName))) throw instanceNotRegistered([instanceName]);
};
