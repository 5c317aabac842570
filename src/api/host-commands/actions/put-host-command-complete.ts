import type { ActionHandler } from '../../action.ts';
import type { CommandInput } from '../command-input.ts';
import { ownCommand } from '../own-command.ts';

/**
 * PutHostCommandComplete: records the outcome and wakes the engine. Idempotent: the first
 * completion wins, so the official agent's second completion after a failure changes nothing.
 */
export const putHostCommandComplete: ActionHandler<CommandInput> = async (input, ctx) => {
  const command = await ownCommand(input.string('HostCommandIdentifier', 1024), ctx);
  const status = input.oneOf('CommandStatus', ['Succeeded', 'Failed'] as const);
  const first = await ctx.store.hostCommands.complete(command.hostCommandId, status, input.envelope('Diagnostics')?.Payload);
  if (first) ctx.runtime.waker.wakeEngine();
  return {};
};
