import type { ActionHandler } from '../../action.ts';
import type { CommandInput } from '../command-input.ts';
import { ownCommand } from '../own-command.ts';

/** PostHostCommandUpdate: in the protocol but unused by agents; answers the command's status. */
export const postHostCommandUpdate: ActionHandler<CommandInput> = async (input, ctx) => {
  const command = await ownCommand(input.string('HostCommandIdentifier', 1024), ctx);
  return { CommandStatus: command.status };
};
