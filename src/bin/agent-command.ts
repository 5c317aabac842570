import { Command, Option } from 'commander';
import { runAgent, type AgentFlags } from './agent.ts';

/** `cutover agent`: the host agent, in the foreground (see docs/agent.md). */
export function agentCommand(): Command {
  return new Command('agent')
    .description('run the Cutover host agent: poll the server for lifecycle commands and run them on this host')
    .addOption(new Option('--config <file>', 'Cutover agent config file (default /etc/cutover/agent.yml)').env('CUTOVER_AGENT_CONFIG'))
    .addOption(new Option('--official-config <file>', 'use the official agent\'s codedeployagent.yml (and the on-premises file it names) instead'))
    .addHelpText('after', '\nExit codes: 0 stopped by a signal, 1 failure, 78 invalid configuration, 128+N a second signal.\n'
      + '\nExamples:\n  cutover agent --config /etc/cutover/agent.yml\n  cutover agent --official-config /etc/codedeploy-agent/conf/codedeployagent.yml')
    .action(async (flags: AgentFlags) => process.exit(await runAgent(flags)));
}
