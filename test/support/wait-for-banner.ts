import type { ChildProcess } from 'node:child_process';

/** How long a process may take to print its banner; generous, as tsx compiles on a busy 2-core machine. */
export const START_TIMEOUT_MS = 60_000;

/**
 * Resolves with the first capture group of `pattern` once the child's stdout shows it; rejects
 * (with everything it printed) when the child exits first or the timeout passes. On timeout the
 * child is killed: nobody holds a handle to a process that never started, and a live child would
 * keep the test file's event loop open.
 */
export function waitForBanner(child: ChildProcess, output: () => string, pattern: RegExp, what: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${what} did not start within ${START_TIMEOUT_MS / 1000} s:\n${output()}`));
    }, START_TIMEOUT_MS);
    const check = () => {
      const m = pattern.exec(output());
      if (!m) return;
      clearTimeout(timer);
      child.stdout!.off('data', check);
      resolvePromise(m[1]!);
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code}:\n${output()}`));
    });
  });
}
