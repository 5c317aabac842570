import { readdirSync, readFileSync } from 'node:fs';

/** Linux reports process times in clock ticks of 1/100 s on every common build. */
const TICK_MS = 10;

/**
 * Reads the CPU time (user + system) used so far by a set of processes and all their
 * descendants, from /proc. CPU time per request stays comparable on a shared, noisy host where
 * wall-clock rates do not. Returns undefined where /proc is missing (not Linux).
 */
export class CpuMeter {
  #roots: number[];

  constructor(options: { pids: number[] }) {
    this.#roots = options.pids;
  }

  /** Cumulative CPU milliseconds of the process trees now. */
  sampleMs(): number | undefined {
    const table = readProcessTable();
    if (!table) return undefined;
    let total = 0;
    for (const pid of descendantsOf(this.#roots, table)) total += table.get(pid)!.cpuTicks * TICK_MS;
    return total;
  }
}

interface ProcessRow {
  ppid: number;
  cpuTicks: number;
}

function readProcessTable(): Map<number, ProcessRow> | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return undefined;
  }
  const table = new Map<number, ProcessRow>();
  for (const entry of entries) {
    const row = readStat(entry);
    if (row) table.set(Number(entry), row);
  }
  return table;
}

function readStat(pid: string): ProcessRow | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces; fields after its closing parenthesis are fixed.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), cpuTicks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined; // The process exited while the table was read.
  }
}

function descendantsOf(roots: number[], table: Map<number, ProcessRow>): Set<number> {
  const found = new Set(roots.filter((pid) => table.has(pid)));
  let size: number;
  do {
    size = found.size;
    for (const [pid, row] of table) if (found.has(row.ppid)) found.add(pid);
  } while (found.size > size);
  return found;
}

/** The postmaster of the PostgreSQL cluster listening on `port`, found by its command line. */
export function findPostmaster(port: number): number | undefined {
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    let args: string[];
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    const portAt = args.indexOf('-p');
    if (args[0]?.endsWith('/postgres') && portAt > 0 && args[portAt + 1] === String(port)) return Number(entry);
  }
  return undefined;
}
