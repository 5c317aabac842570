import type { ActionHandler } from '../../action.ts';
import type { CommandInput } from '../command-input.ts';
import { instanceForHost } from '../host-identity.ts';
import { executionIdOf } from '../execution-id.ts';

/**
 * PollHostCommand: hands the host its next command, or long-polls until the engine creates one
 * (woken at once) or the poll period ends, then answers `{}` ("no command"). A delivered command
 * the host never acknowledged is delivered again after a while (see HostCommandStore.claimNext).
 */
export const pollHostCommand: ActionHandler<CommandInput> = async (input, ctx) => {
  const hostIdentifier = input.string('HostIdentifier', 1024);
  const instanceName = await instanceForHost(hostIdentifier, ctx);
  const deadline = ctx.clock.now() + ctx.runtime.pollWaitMs;
  for (;;) {
    const command = await ctx.store.hostCommands.claimNext(instanceName, ctx.runtime.redeliverAfterMs);
    if (command) {
      return {
        HostCommand: {
          HostCommandIdentifier: command.hostCommandId,
          HostIdentifier: hostIdentifier,
          DeploymentExecutionId: executionIdOf(ctx.region, command.deploymentId, command.hostCommandId),
          CommandName: command.commandName,
          Nonce: command.nonce,
        },
      };
    }
    const remaining = deadline - ctx.clock.now();
    if (remaining <= 0 || ctx.signal.aborted) return {};
    await ctx.runtime.waker.waitForHost(instanceName, remaining, ctx.signal);
  }
};
