import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { Readable } from 'node:stream';
import type { Socket } from 'node:net';
import { LineSplitter } from './line-splitter.ts';

/**
 * How one script process ended:
 * * `exited` - it exited; `exitCode` is 128 + the signal number when a signal killed it
 * * `timedOut` - it outlived its timeout and its process group was sent SIGTERM
 * * `failedToStart` - spawn itself failed (no such file, permission denied, …)
 */
export type ScriptOutcome =
  | { kind: 'exited'; exitCode: number }
  | { kind: 'timedOut' }
  | { kind: 'failedToStart'; error: NodeJS.ErrnoException };

/** How a script process is run. */
export interface ScriptProcessOptions {
  /** The command line: the script, or `setpriv … -- script`. */
  argv: readonly string[];
  env: Record<string, string>;
  cwd: string;
  timeoutMs: number;
  /** After SIGTERM on timeout, how long before the group gets SIGKILL. */
  killGraceMs: number;
  /** After the script exits, how long to keep reading output still in the pipes. */
  outputDrainMs: number;
  /** Receives each output line, with its `\n` (the last one may lack it). */
  onLine: (stream: 'stdout' | 'stderr', line: string) => void;
}

/**
 * Runs one script in its own process group with stdin closed, streaming its output line by
 * line. It finishes when the script *exits*, not when its pipes close: a daemon started in the
 * background that inherited stdout would otherwise hold the hook open until its timeout (the
 * official agent then fails with error code 6). Output still in the pipes is read for
 * `outputDrainMs`; after that the pipes are drained into nothing and released, so the
 * daemon neither blocks nor dies of SIGPIPE. On timeout the whole group gets SIGTERM, then
 * SIGKILL after `killGraceMs` (the official agent never sends SIGKILL). Never throws.
 */
export function runScriptProcess(options: ScriptProcessOptions): Promise<ScriptOutcome> {
  const [command, ...args] = options.argv;
  const child = spawn(command!, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout = readLines(child.stdout, 'stdout', options.onLine);
  const stderr = readLines(child.stderr, 'stderr', options.onLine);
  return new Promise((resolve) => {
    let timedOut = false;
    let killTimer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      signalGroup(child.pid!, 'SIGTERM');
      killTimer = setTimeout(() => signalGroup(child.pid!, 'SIGKILL'), options.killGraceMs);
      killTimer.unref();
    }, options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve({ kind: 'failedToStart', error });
    });
    child.once('exit', async (code, signal) => {
      clearTimeout(timer);
      // The group is gone once no member is left; then there is nothing to SIGKILL and the
      // pid may be reused, so cancel the pending kill.
      if (killTimer && !groupExists(child.pid!)) clearTimeout(killTimer);
      await Promise.all([stdout.drain(options.outputDrainMs), stderr.drain(options.outputDrainMs)]);
      resolve(timedOut ? { kind: 'timedOut' } : { kind: 'exited', exitCode: code ?? 128 + (constants.signals[signal!] ?? 0) });
    });
  });
}

function readLines(stream: Readable, name: 'stdout' | 'stderr', onLine: ScriptProcessOptions['onLine']) {
  const splitter = new LineSplitter();
  let ended = false;
  const onData = (chunk: Buffer) => splitter.push(chunk).forEach((line) => onLine(name, line));
  stream.on('data', onData);
  const end = new Promise<void>((resolve) => stream.once('close', resolve).once('end', resolve));
  return {
    async drain(ms: number): Promise<void> {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([end, new Promise<void>((resolve) => { timer = setTimeout(resolve, ms); })]);
      clearTimeout(timer);
      if (ended) return;
      ended = true;
      stream.off('data', onData);
      const rest = splitter.end();
      if (rest !== undefined) onLine(name, rest);
      // Keep reading (and discarding) whatever a background process writes later, without
      // keeping the agent's event loop alive for it.
      stream.resume();
      (stream as Socket).unref?.();
    },
  };
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: every process of the group has already exited.
  }
}

function groupExists(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}
