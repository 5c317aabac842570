import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { constants } from 'node:os';
import { createAgent } from '../agent/agent.ts';
import { ConfigError, loadAgentConfig, type AgentConfig } from '../agent/config.ts';
import { createLogger } from './logger.ts';

/**
 * Exit codes of `cutover agent`, for systemd units and operators:
 * * `OK` (0) - stopped by SIGTERM/SIGINT after finishing the running command
 * * `FAILURE` (1) - an unexpected error ended the agent
 * * `CONFIG` (78, EX_CONFIG) - the configuration is missing or invalid; restarting will not help
 * * 128 + signal number (130 for SIGINT, 143 for SIGTERM) - a second signal stopped it at once,
 *   possibly mid-command (the next start reports that command failed)
 */
export const AGENT_EXIT_CODES = { OK: 0, FAILURE: 1, CONFIG: 78 } as const;

/** The flags of `cutover agent`. */
export interface AgentFlags {
  config?: string;
  officialConfig?: string;
}

/**
 * Runs the host agent in the foreground until a signal: JSON log lines on stderr (and in
 * `<log_dir>/cutover-agent.log` when configured). Resolves with the process exit code.
 */
export async function runAgent(flags: AgentFlags): Promise<number> {
  let config: AgentConfig;
  try {
    config = loadAgentConfig({ configFile: flags.config, officialConfigFile: flags.officialConfig });
    mkdirSync(config.rootDir, { recursive: true });
  } catch (err) {
    createLogger('cutover-agent').fatal({ err: (err as Error).message }, `cannot start: ${(err as Error).message}`);
    return err instanceof ConfigError ? AGENT_EXIT_CODES.CONFIG : AGENT_EXIT_CODES.FAILURE;
  }
  const log = createLogger('cutover-agent', config.logDir ? { file: join(config.logDir, 'cutover-agent.log') } : {});
  for (const warning of config.warnings) log.warn(warning);
  log.info({
    endpoint: config.endpoint, hostIdentifier: config.hostIdentifier, rootDir: config.rootDir, config: config.source,
    credentials: config.credentials.describe, verifySpecification: config.verifySpecification,
  }, 'cutover agent starting');
  const poller = createAgent(config, { log });
  handleSignals(() => {
    const running = poller.runningCommand;
    log.info(running ? `stopping after the running ${running} command (signal again to stop at once)` : 'stopping');
    poller.stop();
  });
  try {
    await poller.run();
    log.info('cutover agent stopped');
    return AGENT_EXIT_CODES.OK;
  } catch (err) {
    log.fatal({ err }, `cutover agent failed: ${(err as Error).message}`);
    return AGENT_EXIT_CODES.FAILURE;
  }
}

// The first SIGTERM/SIGINT asks for a graceful stop; a second one exits at once.
function handleSignals(stop: () => void): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(128 + constants.signals[signal]);
    stopping = true;
    stop();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
