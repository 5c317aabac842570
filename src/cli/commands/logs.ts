import { Command, Option } from 'commander';
import { resolveConnection, type ConnectionFlags } from '../../client/connection.ts';
import { CutoverClient, type EventLog } from '../../client/cutover-client.ts';
import { connectionOptions } from '../connection-options.ts';

const FINAL = new Set(['Succeeded', 'Failed', 'Stopped']);

/** `cutover logs`: prints the full hook logs of a deployment, as the agents uploaded them. */
export function logsCommand(): Command {
  const command = new Command('logs')
    .description('print the full script logs of a deployment (every host, or one)')
    .argument('<deployment-id>', 'the deployment, e.g. d-ABCDEFGHI')
    .argument('[instance]', 'only this on-premises instance')
    .addOption(new Option('--follow', 'keep printing new output until the deployment ends'))
    .addHelpText('after', '\nExamples:\n  cutover logs d-ABCDEFGHI\n  cutover logs d-ABCDEFGHI web-1 --follow');
  connectionOptions(command);
  return command.action(async (deploymentId: string, instance: string | undefined, flags: ConnectionFlags & { follow?: boolean }) => {
    const client = new CutoverClient(await resolveConnection(flags));
    const printed = new Map<string, number>();
    for (;;) {
      const { deploymentStatus, logs } = await client.getDeploymentLogs(deploymentId, instance);
      logs.forEach((entry, i) => printNew(entry, i, printed, !instance));
      if (!flags.follow || (FINAL.has(deploymentStatus) && logs.every((l) => l.complete))) return;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  });
}

/** Prints what is new in one event's log since the last call, with a header the first time. */
function printNew(entry: EventLog, index: number, printed: Map<string, number>, withHost: boolean): void {
  const key = `${index}`;
  const from = printed.get(key);
  if (from === undefined) process.stdout.write(`==> ${withHost ? `${entry.instanceName} ` : ''}${entry.lifecycleEventName} <==\n`);
  process.stdout.write(entry.log.slice(from ?? 0));
  printed.set(key, entry.log.length);
}
