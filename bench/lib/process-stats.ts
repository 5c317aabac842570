import { readFileSync } from 'node:fs';

const CLOCK_TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far, from /proc. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name; utime and stime are the 14th and 15th fields.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/** Peak resident set size of a process so far, in MB (VmHWM). */
export function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/** Measures a process's CPU use while `during` runs, as a fraction of one core. */
export async function cpuShareDuring(pid: number, during: () => Promise<void>): Promise<{ seconds: number; share: number }> {
  const start = Date.now();
  const before = cpuSeconds(pid);
  await during();
  const seconds = (Date.now() - start) / 1000;
  return { seconds, share: (cpuSeconds(pid) - before) / seconds };
}
