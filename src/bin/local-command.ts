import { Command, Option } from 'commander';
import { join } from 'node:path';
import {
  LocalDeploymentError, OFFICIAL_AGENT_CONFIG_FILE, runLocalDeployment, type LocalDeploymentRequest, type LocalDeploymentResult,
  type LocalEventReport,
} from '../agent/local/index.ts';

/** The version `codedeploy-local --version` prints; `cutover local -v` prints the same. */
const LOCAL_VERSION = '1.0';

const EXAMPLES = `
Examples:
  cutover local                                          # the bundle in this directory
  cutover local -l ./build/app.tgz -t tgz -g web-local
  cutover local -l s3://releases/app.zip?versionId=3 -t zip   # endpoint from AWS_ENDPOINT_URL_S3
  cutover local --events ApplicationStop,BeforeInstall,ApplicationStart
  cutover local -c ./agent.yml -A appspec_override.yaml -b OVERWRITE

Events default to BeforeBlockTraffic, AfterBlockTraffic, ApplicationStop, DownloadBundle,
BeforeInstall, Install, AfterInstall, ApplicationStart, ValidateService, BeforeAllowTraffic,
AfterAllowTraffic. With --events, DownloadBundle and Install are added where missing; only
BeforeBlockTraffic, AfterBlockTraffic and ApplicationStop (which run the previous revision's
scripts) may come before DownloadBundle.

Exit codes: 0 the deployment succeeded; 1 anything else (bad flags, a failed event).`;

/** `cutover local`: runs a bundle on this host without a server, like `codedeploy-local`. */
export function localCommand(): Command {
  return new Command('local')
    .description('deploy a bundle on this host without a server (the codedeploy-local equivalent)')
    .addOption(new Option('-l, --bundle-location <location>', 'local path, file://, or s3://bucket/key[?versionId=…&etag=…] (default: the current directory)'))
    .addOption(new Option('-t, --type <type>', 'bundle type: tgz, tar, zip or directory').default('directory'))
    .addOption(new Option('-b, --file-exists-behavior <behavior>', 'DISALLOW, OVERWRITE or RETAIN for files already at a destination').default('DISALLOW'))
    .addOption(new Option('-g, --deployment-group <id>', 'deployment group id: the directory under the deployment root').default('default-local-deployment-group'))
    .addOption(new Option('-d, --deployment-group-name <name>', 'deployment group name given to hooks').default('LocalFleet'))
    .addOption(new Option('-a, --application-name <name>', 'application name given to hooks (default: the bundle location)'))
    .addOption(new Option('-e, --events <events>', 'comma-separated lifecycle events to run, custom hooks included'))
    .addOption(new Option('-c, --agent-configuration-file <file>', `agent configuration (root_dir, log_dir, S3): the official codedeployagent.yml or Cutover's agent.yml (default ${OFFICIAL_AGENT_CONFIG_FILE} if present)`))
    .addOption(new Option('-A, --appspec-filename <name>', 'appspec file name in the bundle (default appspec.yml, else appspec.yaml)'))
    .addOption(new Option('-v, --version', 'print the local deployer version'))
    .addHelpText('after', EXAMPLES)
    .action(async (flags: LocalFlags) => {
      if (flags.version) return void process.stdout.write(`${LOCAL_VERSION}\n`);
      process.exitCode = await deployLocally(flags);
    });
}

interface LocalFlags {
  bundleLocation?: string;
  type: string;
  fileExistsBehavior: string;
  deploymentGroup: string;
  deploymentGroupName: string;
  applicationName?: string;
  events?: string;
  agentConfigurationFile?: string;
  appspecFilename?: string;
  version?: boolean;
}

async function deployLocally(flags: LocalFlags): Promise<number> {
  const request: LocalDeploymentRequest = {
    type: flags.type, fileExistsBehavior: flags.fileExistsBehavior, deploymentGroup: flags.deploymentGroup,
    deploymentGroupName: flags.deploymentGroupName, onEvent: printEvent,
    ...defined({ bundleLocation: flags.bundleLocation, applicationName: flags.applicationName, events: flags.events,
      agentConfigurationFile: flags.agentConfigurationFile, appSpecFilename: flags.appspecFilename }),
  };
  let result: LocalDeploymentResult;
  try {
    result = await runLocalDeployment(request);
  } catch (err) {
    if (!(err instanceof LocalDeploymentError)) throw err;
    process.stderr.write(`ERROR: ${err.message}\n`);
    return 1;
  }
  if (result.status === 'Succeeded') {
    process.stdout.write(`Deployment ${result.deploymentId} in ${result.deploymentDir}\nAppSpec file valid. Local deployment successful\n`);
    return 0;
  }
  printFailure(result.failed!, result);
  return 1;
}

function printEvent(report: LocalEventReport): void {
  const note = report.status === 'Skipped' ? ' (no scripts to run)' : '';
  process.stdout.write(`${report.event}: ${report.status}${note}\n`);
}

// Script failures name the script and its log, as the official tool does; others are errors.
function printFailure(failed: LocalEventReport, result: LocalDeploymentResult): void {
  const { diagnostics } = failed;
  if (diagnostics.script_name === '') {
    process.stderr.write(`ERROR: ${diagnostics.message}\n`);
    return;
  }
  const dir = failed.deploymentDir ?? result.deploymentDir;
  process.stderr.write(`Your local deployment failed while trying to execute your script at ${join(dir, 'deployment-archive', diagnostics.script_name)}\n`
    + `${diagnostics.message}\n`
    + `See the deployment log at ${join(dir, 'logs', 'scripts.log')} for more details\n`);
}

function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
