import { Command, Option } from 'commander';
import { runAgent, type AgentFlags } from './agent.ts';
import { logsCommand } from '../cli/commands/logs.ts';
import { keysCommand } from './keys.ts';
import { databaseUrlOption, dataDirOption, DEFAULT_PORT, parsePort, parseSeconds, regionOption } from './options.ts';
import { startServer } from './server.ts';

/** The `cutover` command line: one entry point for every verb. */
export function buildProgram(): Command {
  const program = new Command('cutover')
    .description('Cutover: a self-hosted deployment service that speaks the AWS CodeDeploy API')
    .showHelpAfterError();
  program.command('server')
    .description('run the Cutover server (CodeDeploy API) on its embedded defaults or the given store')
    .addOption(new Option('--port <port>', 'TCP port to listen on').env('CUTOVER_PORT').default(DEFAULT_PORT).argParser(parsePort))
    .addOption(new Option('--host <host>', 'address to bind').env('CUTOVER_HOST').default('127.0.0.1'))
    .addOption(dataDirOption()).addOption(databaseUrlOption()).addOption(regionOption())
    .addOption(new Option('--agent-pickup-timeout <seconds>', 'fail a lifecycle event no agent picks up within this long (AGENT_ISSUE)')
      .env('CUTOVER_AGENT_PICKUP_TIMEOUT').default(300).argParser(parseSeconds))
    .addOption(new Option('--event-timeout <seconds>', 'fail a lifecycle event running longer than this when its host declared no timeout (TIMEOUT)')
      .env('CUTOVER_EVENT_TIMEOUT').default(3600).argParser(parseSeconds))
    .addOption(new Option('--event-timeout-grace <seconds>', 'slack after the timeout a host declared for an event before it fails with TIMEOUT')
      .env('CUTOVER_EVENT_TIMEOUT_GRACE').default(30).argParser(parseSeconds))
    .addOption(new Option('--poll-wait <seconds>', 'longest a host agent\'s PollHostCommand is held open').env('CUTOVER_POLL_WAIT').default(45).argParser(parseSeconds))
    .addOption(new Option('--redeliver-after <seconds>', 'deliver a command again when its host has not acknowledged it for this long')
      .env('CUTOVER_REDELIVER_AFTER').default(10).argParser(parseSeconds))
    .addHelpText('after', '\nExamples:\n  cutover server\n  cutover server --port 9000 --data-dir /var/lib/cutover\n  cutover server --database-url postgres://cutover@db:5432/cutover')
    .action(runServer);
  program.addCommand(keysCommand());
  program.addCommand(logsCommand());
  program.addCommand(agentCommand());
  return program;
}

/** `cutover agent`: the host agent, in the foreground (see docs/agent.md). */
function agentCommand(): Command {
  return new Command('agent')
    .description('run the Cutover host agent: poll the server for lifecycle commands and run them on this host')
    .addOption(new Option('--config <file>', 'Cutover agent config file (default /etc/cutover/agent.yml)').env('CUTOVER_AGENT_CONFIG'))
    .addOption(new Option('--official-config <file>', 'use the official agent\'s codedeployagent.yml (and the on-premises file it names) instead'))
    .addHelpText('after', '\nExit codes: 0 stopped by a signal, 1 failure, 78 invalid configuration, 128+N a second signal.\n'
      + '\nExamples:\n  cutover agent --config /etc/cutover/agent.yml\n  cutover agent --official-config /etc/codedeploy-agent/conf/codedeployagent.yml')
    .action(async (flags: AgentFlags) => process.exit(await runAgent(flags)));
}

interface ServerFlags {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  region: string;
  agentPickupTimeout: number;
  eventTimeout: number;
  eventTimeoutGrace: number;
  pollWait: number;
  redeliverAfter: number;
}

async function runServer(flags: ServerFlags): Promise<void> {
  const server = await startServer({
    ...flags,
    pollWaitMs: flags.pollWait * 1000,
    redeliverAfterMs: flags.redeliverAfter * 1000,
    engine: {
      agentPickupTimeoutMs: flags.agentPickupTimeout * 1000,
      eventTimeoutMs: flags.eventTimeout * 1000,
      eventTimeoutGraceMs: flags.eventTimeoutGrace * 1000,
    },
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal} received, stopping\n`);
    server.close().then(() => process.exit(0), (error) => {
      process.stderr.write(`error while stopping: ${String(error)}\n`);
      process.exit(1);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

buildProgram().parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`cutover: ${describeError(error)}\n`);
  process.exit(1);
});

/** One line a person can act on: the server's error name, or why the server was not reached. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const type = (error as { type?: string }).type;
  if (type) return `${type}: ${error.message}`;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND') return `cannot reach the Cutover server (${error.message}); check --endpoint-url`;
  return error.message;
}
