import type { ActionHandler } from '../../action.ts';
import type { CommandInput } from '../command-input.ts';
import { ownCommand } from '../own-command.ts';

/** Largest log chunk one call may upload. */
const MAX_CHUNK = 1024 * 1024;

/**
 * PutHostCommandLog (a Cutover extension, not in the official protocol): appends a chunk of a
 * command's full script log, so that `cutover logs` shows everything a hook printed, not only
 * the 2 KB tail the diagnostics carry.
 */
export const putHostCommandLog: ActionHandler<CommandInput> = async (input, ctx) => {
  const command = await ownCommand(input.string('HostCommandIdentifier', 1024), ctx);
  await ctx.store.hostCommands.appendLog(command.hostCommandId, input.string('Log', MAX_CHUNK));
  return {};
};
