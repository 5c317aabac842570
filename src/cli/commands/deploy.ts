import { Option, type Command } from 'commander';
import {
  CreateDeploymentCommand, ListApplicationRevisionsCommand, type CodeDeployClient, type FileExistsBehavior, type RevisionLocation,
} from '@aws-sdk/client-codedeploy';
import { connect, peopleCommand, type CommonFlags } from '../command-kit.ts';
import { cliAction, CliError } from '../output/errors.ts';
import { printJson } from '../output/output-format.ts';
import { describeRevision, parseS3Location } from '../revision.ts';
import { watchDeployment } from '../watch.ts';

interface DeployFlags extends CommonFlags {
  applicationName: string;
  deploymentGroupName: string;
  s3Location?: string;
  bundleType?: string;
  revisionFromLastPush?: boolean;
  deploymentConfigName?: string;
  description?: string;
  fileExistsBehavior?: FileExistsBehavior;
  wait?: boolean;
}

/** `cutover deploy`: creates a deployment and, with `--wait`, follows it to its end. */
export function deployCommand(): Command {
  return peopleCommand('deploy', 'create a deployment of a revision to a deployment group', [
    'cutover deploy --application-name web --deployment-group-name prod --revision-from-last-push --wait',
    'cutover deploy --application-name web --deployment-group-name prod --s3-location s3://cutover-bundles/web/v2.zip',
    'cutover deploy --application-name web --deployment-group-name prod --s3-location bucket=b,key=web.zip,bundleType=zip,eTag=abc --output json',
  ])
    .requiredOption('--application-name <name>', 'the application')
    .requiredOption('--deployment-group-name <name>', 'the deployment group')
    .option('--s3-location <location>', 'the bundle: s3://bucket/key, or bucket=…,key=…,bundleType=…[,eTag=…][,version=…]')
    .addOption(new Option('--bundle-type <type>', 'bundle type when the key does not tell').choices(['zip', 'tar', 'tgz', 'YAML', 'JSON']))
    .option('--revision-from-last-push', 'deploy the revision registered last for the application (what `cutover push` did)')
    .option('--deployment-config-name <name>', 'e.g. CodeDeployDefault.OneAtATime (default: the group\'s)')
    .option('--description <text>', 'free text kept with the deployment')
    .addOption(new Option('--file-exists-behavior <behavior>', 'what to do with files already in place').choices(['DISALLOW', 'OVERWRITE', 'RETAIN']))
    .option('--wait', 'show live progress until the deployment ends; exit 0 only if it succeeded')
    .action(cliAction(runDeploy));
}

async function runDeploy(flags: DeployFlags): Promise<void> {
  const { client } = await connect(flags);
  const revision = await revisionOf(client, flags);
  const { deploymentId } = await client.send(new CreateDeploymentCommand({
    applicationName: flags.applicationName, deploymentGroupName: flags.deploymentGroupName, revision,
    deploymentConfigName: flags.deploymentConfigName, description: flags.description, fileExistsBehavior: flags.fileExistsBehavior,
  }));
  await reportDeployment(client, deploymentId!, { wait: flags.wait, output: flags.output, revision });
}

/**
 * Prints a created deployment; with `wait`, follows it and sets the exit code (0 only when it
 * succeeded). Shared with `cutover rollback`.
 */
export async function reportDeployment(client: CodeDeployClient, deploymentId: string, options: { wait?: boolean; output: string; revision?: RevisionLocation }): Promise<void> {
  const json = options.output === 'json';
  if (!json) process.stdout.write(`Created deployment ${deploymentId} of ${describeRevision(options.revision)}\n`);
  if (!options.wait) {
    if (json) printJson({ deploymentId });
    else process.stdout.write(`Follow it with: cutover status ${deploymentId}   (or deploy with --wait)\n`);
    return;
  }
  const info = await watchDeployment(client, deploymentId, { quiet: json });
  if (json) printJson({ deploymentInfo: info });
  if (info.status !== 'Succeeded') process.exitCode = 1;
}

async function revisionOf(client: CodeDeployClient, flags: DeployFlags): Promise<RevisionLocation> {
  if (flags.s3Location && flags.revisionFromLastPush) throw new CliError('give either --s3-location or --revision-from-last-push, not both');
  if (flags.s3Location) return { revisionType: 'S3', s3Location: parseS3Location(flags.s3Location, flags.bundleType) };
  if (flags.revisionFromLastPush) return lastRegistered(client, flags.applicationName);
  throw new CliError('say what to deploy: --s3-location s3://bucket/key or --revision-from-last-push');
}

async function lastRegistered(client: CodeDeployClient, applicationName: string): Promise<RevisionLocation> {
  const { revisions } = await client.send(new ListApplicationRevisionsCommand({ applicationName, sortBy: 'registerTime', sortOrder: 'descending' }));
  const last = revisions?.[0];
  if (!last) throw new CliError(`application ${applicationName} has no registered revision yet; run cutover push first`);
  return last;
}
