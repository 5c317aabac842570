import type { ActionHandler } from '../../action.ts';
import type { CommandInput } from '../command-input.ts';
import { ownCommand } from '../own-command.ts';

/**
 * PutHostCommandAcknowledgement: the host is about to run the command. Answered `InProgress`
 * (go ahead) unless the engine already gave the command up, in which case its final status
 * tells the agent not to run it. Cutover's agent also declares the event's timeout in the
 * diagnostics payload (`TimeoutSeconds`), which the engine then enforces.
 */
export const putHostCommandAcknowledgement: ActionHandler<CommandInput> = async (input, ctx) => {
  const command = await ownCommand(input.string('HostCommandIdentifier', 1024), ctx);
  if (command.status === 'Succeeded' || command.status === 'Failed') return { CommandStatus: command.status };
  await ctx.store.hostCommands.acknowledge(command.hostCommandId, declaredTimeout(input.envelope('Diagnostics')?.Payload));
  return { CommandStatus: 'InProgress' };
};

function declaredTimeout(payload: string | undefined): number | undefined {
  try {
    const seconds = (JSON.parse(payload ?? '{}') as { TimeoutSeconds?: unknown }).TimeoutSeconds;
    return typeof seconds === 'number' && Number.isInteger(seconds) && seconds > 0 && seconds <= 86_400 ? seconds : undefined;
  } catch {
    // The official agent sends only {"IsCommandNoop": …}; anything unreadable declares nothing.
    return undefined;
  }
}
