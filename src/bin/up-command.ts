import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { Command, Option } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DATA_FILES } from './data-dir.ts';
import { databaseUrlOption, dataDirOption, DEFAULT_PORT, parsePort, regionOption } from './options.ts';
import { startLocalAgent } from './quickstart/local-agent.ts';
import { ensureLocalInstance } from './quickstart/local-instance.ts';
import { ensureSampleApplication } from './quickstart/sample-application.ts';
import { startServer, type RunningServer } from './server.ts';
import { stopOnSignals } from './stop-on-signals.ts';

const SAMPLE_SOURCE = fileURLToPath(new URL('../../examples/sample-app', import.meta.url));

interface UpFlags {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  region: string;
  instanceName: string;
  samplePort: number;
}

/**
 * `cutover up`: a whole deployment setup on one machine: the server on its embedded defaults,
 * one local agent registered as an on-premises instance, and the sample application with a
 * deployment group that targets it.
 */
export function upCommand(): Command {
  return new Command('up')
    .description('run a one-machine setup: the server, a local agent registered as an on-premises instance, and the sample application')
    .addOption(new Option('--port <port>', 'API port').env('CUTOVER_PORT').default(DEFAULT_PORT).argParser(parsePort))
    .addOption(new Option('--host <host>', 'address to bind').env('CUTOVER_HOST').default('127.0.0.1'))
    .addOption(dataDirOption()).addOption(databaseUrlOption()).addOption(regionOption())
    .addOption(new Option('--instance-name <name>', 'the local on-premises instance').default('local-1'))
    .addOption(new Option('--sample-port <port>', 'port the sample application serves on once deployed').default(8080).argParser(parsePort))
    .addHelpText('after', '\nExamples:\n  cutover up\n  cutover up --data-dir /tmp/cutover-demo --sample-port 9090\n\nThen follow "Your first deployment" in the README.')
    .action(runUp);
}

async function runUp(flags: UpFlags): Promise<void> {
  // A one-machine session is watched by a person: the server's audit lines would drown the agent's.
  process.env.CUTOVER_LOG_LEVEL ??= 'warn';
  const server = await startServer({ port: flags.port, host: flags.host, dataDir: flags.dataDir, databaseUrl: flags.databaseUrl, region: flags.region });
  const paths = { hostDir: join(server.dataDir, 'local-host'), agentDir: join(server.dataDir, 'local-agent') };
  for (const dir of Object.values(paths)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  // The sample app's scripts read the port they serve on from their working directory.
  writeFileSync(join(paths.hostDir, 'sample-app.port'), `${flags.samplePort}\n`);
  const client = await adminClient(server, flags.region);
  const accountId = await server.store.settings.getOrInit('account_id', () => '000000000000');
  const instance = await ensureLocalInstance({ client, store: server.store, instanceName: flags.instanceName, accountId, endpoint: server.url, region: flags.region, paths });
  const sample = await ensureSampleApplication(client, instance.instanceName, accountId);
  const agent = startLocalAgent({ configFile: instance.agentConfigFile, hostDir: paths.hostDir, logLevel: process.env.CUTOVER_LOG_LEVEL ?? 'warn' });
  printNextSteps({ server, instanceName: instance.instanceName, ...sample, samplePort: flags.samplePort });
  stopOnSignals(async () => {
    await agent.stop();
    await server.close();
  });
}

async function adminClient(server: RunningServer, region: string): Promise<CodeDeployClient> {
  const credentials = await defaultProvider({ profile: 'default', filepath: join(server.dataDir, DATA_FILES.adminCredentials), configFilepath: '/dev/null' })();
  return new CodeDeployClient({ endpoint: server.url, region, credentials });
}

function printNextSteps(info: { server: RunningServer; instanceName: string; applicationName: string; deploymentGroupName: string; samplePort: number }): void {
  const source = relative(process.cwd(), SAMPLE_SOURCE) || '.';
  process.stdout.write([
    '',
    `Local agent running as on-premises instance ${info.instanceName}.`,
    `Sample application ${info.applicationName}, deployment group ${info.deploymentGroupName}; its source is ${source}.`,
    'Deploy it from another terminal:',
    `  ./bin/cutover push --application-name ${info.applicationName} --source ${source}`,
    `  ./bin/cutover deploy --application-name ${info.applicationName} --deployment-group-name ${info.deploymentGroupName} --revision-from-last-push --wait`,
    `  curl http://127.0.0.1:${info.samplePort}/`,
    'Press Ctrl-C to stop.',
    '',
  ].join('\n'));
}
