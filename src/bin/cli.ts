import { Command, Option } from 'commander';
import { runAgent, type AgentFlags } from './agent.ts';
import { peopleCommands } from '../cli/commands/index.ts';
import { keysCommand } from './keys.ts';
import { proxyCommand } from './proxy-command.ts';
import { localCommand } from './local-command.ts';
import { validateCommand } from './validate-command.ts';
import { serverCommand } from './server-command.ts';
import { upCommand } from './up-command.ts';

/** The `cutover` command line: one entry point for every verb. */
export function buildProgram(): Command {
  const program = new Command('cutover')
    .description('Cutover: a self-hosted deployment service that speaks the AWS CodeDeploy API')
    .showHelpAfterError();
  program.addCommand(serverCommand());
  program.addCommand(upCommand());
  program.addCommand(keysCommand());
  for (const command of peopleCommands()) program.addCommand(command);
  program.addCommand(agentCommand());
  program.addCommand(proxyCommand());
  program.addCommand(localCommand());
  program.addCommand(validateCommand());
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
