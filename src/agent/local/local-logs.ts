import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AgentLog } from '../command-log.ts';

const SCRIPT_LOG_LINE = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) (.*)$/;

/**
 * `<root>/deployment-logs/codedeploy-agent-deployments.log`, which the official tool writes for
 * every local deployment: `[YYYY-MM-DD HH:MM:SS.mmm] [<DeploymentId>]<entry>` per script-log
 * entry. Entries come from an event's full log, which is kept to the second, so the
 * milliseconds are always `000`.
 */
export class DeploymentsLog {
  readonly #file: string;
  readonly #deploymentId: string;

  constructor(options: { file: string; deploymentId: string }) {
    this.#file = options.file;
    this.#deploymentId = options.deploymentId;
    mkdirSync(dirname(this.#file), { recursive: true });
    appendFileSync(this.#file, '');
  }

  /** Appends an event's timestamped log lines (`YYYY-MM-DD HH:MM:SS <entry>`). */
  appendEventLog(fullLog: string): void {
    const lines = fullLog.split('\n').filter((l) => l !== '').map((line) => {
      const match = SCRIPT_LOG_LINE.exec(line);
      return match ? `[${match[1]}.000] [${this.#deploymentId}]${match[2]}\n` : `[${this.#deploymentId}]${line}\n`;
    });
    if (lines.length > 0) appendFileSync(this.#file, lines.join(''));
  }
}

/**
 * The local run's own log, `<log_dir>/codedeploy-local.log` (when a log_dir is configured):
 * one `YYYY-MM-DDTHH:MM:SS LEVEL message` line per entry, with structured fields as JSON.
 */
export function fileAgentLog(file: string | undefined): AgentLog {
  if (!file) return { debug() {}, info() {}, warn() {}, error() {} };
  mkdirSync(dirname(file), { recursive: true });
  const write = (level: string) => (obj: object | string, msg?: string) => {
    const text = typeof obj === 'string' ? obj : `${msg ?? ''} ${JSON.stringify(obj)}`;
    appendFileSync(file, `${new Date().toISOString().slice(0, 19)} ${level} [cutover-local(${process.pid})]: ${text}\n`);
  };
  return { debug: write('DEBUG'), info: write('INFO'), warn: write('WARN'), error: write('ERROR') };
}
