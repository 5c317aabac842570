import type { Command } from 'commander';
import { StopDeploymentCommand } from '@aws-sdk/client-codedeploy';
import { connect, peopleCommand, type CommonFlags } from '../command-kit.ts';
import { cliAction } from '../output/errors.ts';
import { printJson } from '../output/output-format.ts';

/** `cutover stop`: stops a deployment, optionally rolling back to the group's last good revision. */
export function stopCommand(): Command {
  return peopleCommand('stop', 'stop a deployment that is in progress', [
    'cutover stop d-ABCDEFGHI',
    'cutover stop d-ABCDEFGHI --rollback',
  ])
    .argument('<deployment-id>', 'the deployment to stop')
    .option('--rollback', 'also redeploy the last successful revision where this deployment reached')
    .action(cliAction(async (deploymentId: string, flags: CommonFlags & { rollback?: boolean }) => {
      const { client } = await connect(flags);
      const result = await client.send(new StopDeploymentCommand({ deploymentId, autoRollbackEnabled: flags.rollback ?? false }));
      if (flags.output === 'json') {
        printJson(result);
        return;
      }
      process.stdout.write(`${deploymentId}: ${result.status}${result.statusMessage ? ` (${result.statusMessage})` : ''}\n`);
    }));
}
