import { spawn } from 'node:child_process';
import { constants } from 'node:os';

/** How an external command ended. */
export interface CommandStatus {
  readonly pid: number;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** stdout and stderr together, for logs. */
  readonly output: string;
}

/**
 * Runs a program with arguments (no shell, so paths need no quoting) and resolves when it
 * ends, whatever its exit code. Rejects with the spawn error, e.g. ENOENT when the program is
 * not installed.
 */
export function runCommand(file: string, args: readonly string[]): Promise<CommandStatus> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ pid: child.pid ?? 0, code, signal, output }));
  });
}

/** Whether the command exited with status 0. */
export function succeeded(status: CommandStatus): boolean {
  return status.code === 0;
}

/** The status as Ruby prints a `Process::Status` ("pid 42 exit 1"), which the official messages embed. */
export function formatStatus(status: CommandStatus): string {
  if (status.signal) return `pid ${status.pid} ${status.signal} (signal ${constants.signals[status.signal]})`;
  return `pid ${status.pid} exit ${status.code}`;
}

/** Whether an error says that the program itself was not found. */
export function isMissingProgram(err: unknown): boolean {
  return (err as NodeJS.ErrnoException).code === 'ENOENT';
}
