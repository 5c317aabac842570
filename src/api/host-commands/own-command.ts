import type { HostCommand } from '../../store/host-commands.ts';
import type { ActionContext } from '../action.ts';
import { AwsError } from '../errors.ts';
import { mayActFor } from './host-identity.ts';

/** The command a host refers to, after checking the caller may act for its instance. */
export async function ownCommand(hostCommandId: string, ctx: ActionContext): Promise<HostCommand> {
  const command = await ctx.store.hostCommands.get(hostCommandId);
  if (!command) throw new AwsError('ClientException', `No host command ${hostCommandId}`);
  mayActFor(command.instanceName, ctx);
  return command;
}
