import type { Command } from 'commander';
import { BatchGetDeploymentsCommand, ListDeploymentsCommand, type CodeDeployClient, type DeploymentInfo } from '@aws-sdk/client-codedeploy';
import { connect, peopleCommand, type CommonFlags } from '../command-kit.ts';
import { readDeployment, type DeploymentSnapshot } from '../deployment-snapshot.ts';
import { deploymentLines, outcomeLines } from '../deployment-view.ts';
import { cliAction } from '../output/errors.ts';
import { printJson } from '../output/output-format.ts';
import { Painter } from '../output/style.ts';
import { formatTable } from '../output/table.ts';
import { describeRevision } from '../revision.ts';

interface StatusFlags extends CommonFlags {
  applicationName?: string;
  deploymentGroupName?: string;
  limit: string;
}

/** `cutover status`: one deployment in detail, or the most recent deployments as a table. */
export function statusCommand(): Command {
  return peopleCommand('status', 'show a deployment (status, counts, targets and their events), or list recent deployments', [
    'cutover status d-ABCDEFGHI',
    'cutover status',
    'cutover status --application-name web --deployment-group-name prod --limit 5 --output json',
  ])
    .argument('[deployment-id]', 'the deployment to show; without it, recent deployments are listed')
    .option('--application-name <name>', 'list only this application\'s deployments (with --deployment-group-name)')
    .option('--deployment-group-name <name>', 'list only this deployment group\'s deployments')
    .option('--limit <n>', 'how many recent deployments to list', '10')
    .action(cliAction(runStatus));
}

async function runStatus(deploymentId: string | undefined, flags: StatusFlags): Promise<void> {
  const { client } = await connect(flags);
  if (deploymentId) await showDeployment(client, deploymentId, flags);
  else await listRecent(client, flags);
}

async function showDeployment(client: CodeDeployClient, deploymentId: string, flags: StatusFlags): Promise<void> {
  const snapshot = await readDeployment(client, deploymentId);
  if (flags.output === 'json') {
    printJson({ deploymentInfo: snapshot.info, targets: snapshot.targets });
    return;
  }
  const painter = new Painter();
  const out = [...header(snapshot.info), '', ...deploymentLines(snapshot, painter).map((l) => l.text), '', ...eventTable(snapshot, painter)];
  if (['Succeeded', 'Failed', 'Stopped'].includes(snapshot.info.status ?? '')) out.push('', ...outcomeLines(snapshot.info, painter));
  process.stdout.write(out.join('\n').trimEnd() + '\n');
}

function header(info: DeploymentInfo): string[] {
  const rows: [string, string | undefined][] = [
    ['Application', info.applicationName], ['Deployment group', info.deploymentGroupName], ['Revision', describeRevision(info.revision)],
    ['Config', info.deploymentConfigName], ['Creator', info.creator], ['Created', info.createTime?.toISOString()],
    ['Completed', info.completeTime?.toISOString()], ['Description', info.description],
  ];
  return rows.filter(([, v]) => v).map(([k, v]) => `${`${k}:`.padEnd(18)}${v}`);
}

function eventTable(snapshot: DeploymentSnapshot, painter: Painter): string[] {
  const rows = snapshot.targets.flatMap((t) => t.lifecycleEvents.map((e) => [
    t.targetId, e.lifecycleEventName ?? '', painter.status(e.status ?? ''), e.startTime?.toISOString() ?? '-', e.endTime?.toISOString() ?? '-',
  ]));
  if (rows.length === 0) return [];
  return formatTable(['TARGET', 'EVENT', 'STATUS', 'STARTED', 'ENDED'], rows, painter).trimEnd().split('\n');
}

async function listRecent(client: CodeDeployClient, flags: StatusFlags): Promise<void> {
  const limit = Math.max(1, Math.min(100, Number(flags.limit) || 10));
  const { deployments: ids = [] } = await client.send(new ListDeploymentsCommand({ applicationName: flags.applicationName, deploymentGroupName: flags.deploymentGroupName }));
  const wanted = ids.slice(0, limit);
  const infos: DeploymentInfo[] = [];
  for (let i = 0; i < wanted.length; i += 25) {
    const { deploymentsInfo = [] } = await client.send(new BatchGetDeploymentsCommand({ deploymentIds: wanted.slice(i, i + 25) }));
    infos.push(...deploymentsInfo);
  }
  infos.sort((a, b) => (b.createTime?.getTime() ?? 0) - (a.createTime?.getTime() ?? 0));
  if (flags.output === 'json') {
    printJson({ deploymentsInfo: infos });
    return;
  }
  if (infos.length === 0) {
    process.stdout.write('No deployments yet.\n');
    return;
  }
  const painter = new Painter();
  const rows = infos.map((d) => [d.deploymentId ?? '', painter.status(d.status ?? ''), d.applicationName ?? '', d.deploymentGroupName ?? '',
    d.createTime?.toISOString() ?? '', describeRevision(d.revision), d.creator ?? '']);
  process.stdout.write(formatTable(['DEPLOYMENT', 'STATUS', 'APPLICATION', 'GROUP', 'CREATED', 'REVISION', 'CREATOR'], rows, painter));
}
