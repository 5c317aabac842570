import { Option, type Command } from 'commander';
import { CutoverClient, type EventLog } from '../../client/cutover-client.ts';
import { connect, peopleCommand, type CommonFlags } from '../command-kit.ts';
import { FINAL_STATUSES } from '../deployment-snapshot.ts';
import { cliAction } from '../output/errors.ts';
import { printJson } from '../output/output-format.ts';
import { Painter } from '../output/style.ts';

/** `cutover logs`: prints the full hook logs of a deployment, as the agents uploaded them. */
export function logsCommand(): Command {
  return peopleCommand('logs', 'print the full script logs of a deployment (every host, or one)', [
    'cutover logs d-ABCDEFGHI',
    'cutover logs d-ABCDEFGHI web-1 --follow',
    'cutover logs d-ABCDEFGHI --output json',
  ])
    .argument('<deployment-id>', 'the deployment, e.g. d-ABCDEFGHI')
    .argument('[instance]', 'only this on-premises instance')
    .addOption(new Option('--follow', 'keep printing new output until the deployment ends'))
    .action(cliAction(async (deploymentId: string, instance: string | undefined, flags: CommonFlags & { follow?: boolean }) => {
      const client = new CutoverClient((await connect(flags)).connection);
      if (flags.output === 'json') {
        printJson(await client.getDeploymentLogs(deploymentId, instance));
        return;
      }
      const painter = new Painter();
      const printed = new Map<string, number>();
      for (;;) {
        const { deploymentStatus, logs } = await client.getDeploymentLogs(deploymentId, instance);
        logs.forEach((entry, i) => printNew({ entry, index: i, printed, withHost: !instance, painter }));
        if (!flags.follow || (FINAL_STATUSES.has(deploymentStatus) && logs.every((l) => l.complete))) return;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }));
}

/** Prints what is new in one event's log since the last call, with a header the first time. */
function printNew(o: { entry: EventLog; index: number; printed: Map<string, number>; withHost: boolean; painter: Painter }): void {
  const key = `${o.index}`;
  const from = o.printed.get(key);
  if (from === undefined) process.stdout.write(o.painter.paint('bold', `==> ${o.withHost ? `${o.entry.instanceName} ` : ''}${o.entry.lifecycleEventName} <==`) + '\n');
  process.stdout.write(o.entry.log.slice(from ?? 0));
  o.printed.set(key, o.entry.log.length);
}
