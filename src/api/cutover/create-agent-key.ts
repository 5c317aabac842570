import type { ActionHandler } from '../action.ts';
import { AwsError } from '../errors.ts';

/** Input of CreateAgentKey. */
export interface CreateAgentKeyInput {
  instanceName: string;
  description?: string;
}

/** Output of CreateAgentKey: the new key, with its secret shown this once. */
export interface CreateAgentKeyOutput {
  accessKeyId: string;
  secretAccessKey: string;
  role: 'agent';
  instanceName: string;
}

/**
 * CreateAgentKey (Cutover extension, admin only): creates an `agent` access key bound to a
 * registered on-premises instance, as `cutover keys create --role agent` does on the server's
 * machine, so that `cutover register` can set up a host from anywhere. A key for an unknown or
 * deregistered instance could never poll, so that is refused.
 */
export const createAgentKey: ActionHandler<CreateAgentKeyInput, CreateAgentKeyOutput> = async (input, ctx) => {
  const instance = await ctx.store.instances.get(input.instanceName);
  if (!instance) throw new AwsError('InstanceNotRegisteredException', `The on-premises instance ${input.instanceName} is not registered.`);
  if (instance.deregisterTime !== undefined) throw new AwsError('InstanceNotRegisteredException', `The on-premises instance ${input.instanceName} is deregistered.`);
  const key = await ctx.store.accessKeys.create({
    role: 'agent', instanceName: input.instanceName, description: input.description ?? `agent key of ${input.instanceName} (cutover register)`,
  });
  ctx.log.info({ accessKeyId: key.accessKeyId, instanceName: input.instanceName, by: ctx.caller.accessKeyId }, 'agent key created');
  return { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey, role: 'agent', instanceName: input.instanceName };
};
