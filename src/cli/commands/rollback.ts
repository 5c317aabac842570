import type { Command } from 'commander';
import {
  BatchGetDeploymentsCommand, CreateDeploymentCommand, ListDeploymentsCommand, type CodeDeployClient, type DeploymentInfo,
} from '@aws-sdk/client-codedeploy';
import { connect, peopleCommand, type CommonFlags } from '../command-kit.ts';
import { cliAction, CliError } from '../output/errors.ts';
import { describeRevision, revisionKey } from '../revision.ts';
import { reportDeployment } from './deploy.ts';

interface RollbackFlags extends CommonFlags {
  applicationName: string;
  wait?: boolean;
}

/** `cutover rollback`: redeploys a group's last successful revision that is not its current one. */
export function rollbackCommand(): Command {
  return peopleCommand('rollback', 'redeploy the last revision that succeeded before the group\'s current one', [
    'cutover rollback --application-name web prod',
    'cutover rollback --application-name web prod --wait',
  ])
    .argument('<deployment-group>', 'the deployment group to roll back')
    .requiredOption('--application-name <name>', 'the application the group belongs to')
    .option('--wait', 'show live progress until the rollback ends; exit 0 only if it succeeded')
    .action(cliAction(runRollback));
}

async function runRollback(group: string, flags: RollbackFlags): Promise<void> {
  const { client } = await connect(flags);
  const target = await lastGoodBeforeCurrent(client, flags.applicationName, group);
  const { deploymentId } = await client.send(new CreateDeploymentCommand({
    applicationName: flags.applicationName, deploymentGroupName: group, revision: target.revision,
    description: `cutover rollback to the revision of ${target.deploymentId}`,
  }));
  if (flags.output !== 'json') process.stdout.write(`Rolling ${group} back to the revision of ${target.deploymentId}\n`);
  await reportDeployment(client, deploymentId!, { wait: flags.wait, output: flags.output, revision: target.revision });
}

/**
 * The most recent Succeeded deployment of the group whose revision differs from that of the
 * group's most recent deployment (whatever that one's status). Throws a CliError saying why
 * when there is none.
 */
async function lastGoodBeforeCurrent(client: CodeDeployClient, applicationName: string, group: string): Promise<DeploymentInfo> {
  let current: DeploymentInfo | undefined;
  for await (const batch of deploymentsNewestFirst(client, applicationName, group)) {
    for (const info of batch) {
      current ??= info;
      if (info.status === 'Succeeded' && revisionKey(info.revision) !== revisionKey(current.revision)) return info;
    }
  }
  if (!current) throw new CliError(`nothing to roll back to: deployment group ${group} has no deployments yet`);
  throw new CliError(`nothing to roll back to: no earlier successful deployment of ${group} has a revision other than the current ${describeRevision(current.revision)}`);
}

/** The group's deployments, newest first, 25 at a time. */
async function* deploymentsNewestFirst(client: CodeDeployClient, applicationName: string, group: string): AsyncGenerator<DeploymentInfo[]> {
  let nextToken: string | undefined;
  do {
    const page = await client.send(new ListDeploymentsCommand({ applicationName, deploymentGroupName: group, nextToken }));
    const ids = page.deployments ?? [];
    for (let i = 0; i < ids.length; i += 25) {
      const chunk = ids.slice(i, i + 25);
      const { deploymentsInfo = [] } = await client.send(new BatchGetDeploymentsCommand({ deploymentIds: chunk }));
      // In the list's order (newest first): create times may tie within a second.
      yield deploymentsInfo.sort((a, b) => chunk.indexOf(a.deploymentId!) - chunk.indexOf(b.deploymentId!));
    }
    nextToken = page.nextToken;
  } while (nextToken);
}
