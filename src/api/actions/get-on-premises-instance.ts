import type { GetOnPremisesInstanceInput, GetOnPremisesInstanceOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { checkInstanceName, instanceNotRegistered, toInstanceInfo } from '../resources/instances.ts';

/** GetOnPremisesInstance: one instance, registered or deregistered, with its tags. */
export const getOnPremisesInstance: ActionHandler<GetOnPremisesInstanceInput, GetOnPremisesInstanceOutput> = async (input, ctx) => {
  const instanceName = checkInstanceName(input.instanceName);
  const record = await ctx.store.instances.get(instanceName);
  if (!record) throw instanceNotRegistered([instanceName]);
  return { instanceInfo: toInstanceInfo(record) };
};
