import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const CUTOVER_BIN = fileURLToPath(new URL('../../../bin/cutover', import.meta.url));

/** A `cutover agent` child process, its output shown with an `agent |` prefix. */
export interface LocalAgent {
  stop(): Promise<void>;
}

/**
 * Runs `cutover agent --config <file>` as a real child process in `hostDir` (its working
 * directory, where relative appspec destinations land). The agent is a separate process, as on
 * any other host, so a hook that misbehaves cannot take the server down with it.
 */
export function startLocalAgent(options: { configFile: string; hostDir: string; logLevel: string }): LocalAgent {
  const child = spawn(process.execPath, [CUTOVER_BIN, 'agent', '--config', options.configFile], {
    cwd: options.hostDir, env: { ...process.env, CUTOVER_LOG_LEVEL: options.logLevel }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  prefixLines(child, 'agent | ');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

function prefixLines(child: ChildProcess, prefix: string): void {
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => process.stderr.write(`${prefix}${line}\n`));
  }
}
