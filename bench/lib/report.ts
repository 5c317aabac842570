import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { LoadResult } from './load.ts';

/** The goal each Cutover figure is judged against. */
export const GOALS = { throughputRatio: 10, p99Ms: 20 } as const;

/**
 * How an operation's run is judged:
 * * `met` - no errors, at least GOALS.throughputRatio × moto's req/s and p99 under GOALS.p99Ms
 * * `missed` - no errors, but below a goal
 * * `errors` - some requests failed; the figures are not comparable
 * * `unavailable` - the operation failed before the load (not run)
 * * `reference` - moto itself, or no moto figure to compare with
 */
export type Verdict = 'met' | 'missed' | 'errors' | 'unavailable' | 'reference';

/** One operation on one target, with its ratio to moto's run of the same operation. */
export interface OperationResult extends Partial<LoadResult> {
  operation: string;
  /** Why the load did not run (the probe request failed). */
  unavailable?: string;
  /** Our req/s divided by moto's. */
  throughputRatio?: number;
  /** moto's p99 divided by ours (above 1 means faster than moto). */
  p99Ratio?: number;
  /** moto's server CPU per request divided by ours: the noise-resistant form of throughputRatio. */
  cpuRatio?: number;
  verdict?: Verdict;
}

/** Everything measured on one target. */
export interface TargetResult {
  target: string;
  details: Record<string, string>;
  /** Set when the target could not start or be seeded; no operation ran. */
  failed?: string;
  operations: OperationResult[];
}

/** The whole run, as written to bench/results/api-<timestamp>.json. */
export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  machine: { cpus: number; cpuModel: string; node: string; loadAverageAtStart: number[] };
  settings: { concurrency: number; warmupSeconds: number; durationSeconds: number; serverLogLevel: string };
  goals: typeof GOALS;
  targets: TargetResult[];
}

/** Machine facts recorded with every run, since the host is shared and noisy. */
export function describeMachine(): BenchReport['machine'] {
  return { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version, loadAverageAtStart: loadavg() };
}

/** Fills in ratios to moto and a verdict for each Cutover operation result. */
export function compareWithMoto(targets: TargetResult[]): void {
  const moto = targets.find((t) => t.target === 'moto');
  for (const target of targets) {
    for (const result of target.operations) {
      const reference = moto?.operations.find((r) => r.operation === result.operation);
      judge(result, target === moto ? undefined : reference);
    }
  }
}

function judge(result: OperationResult, moto: OperationResult | undefined): void {
  if (result.unavailable) return void (result.verdict = 'unavailable');
  if (result.errors) return void (result.verdict = 'errors');
  if (!moto || moto.unavailable || !moto.throughput || moto.errors) return void (result.verdict = 'reference');
  result.throughputRatio = result.throughput! / moto.throughput;
  result.p99Ratio = moto.p99Ms! / result.p99Ms!;
  if (moto.serverCpuUsPerRequest && result.serverCpuUsPerRequest) result.cpuRatio = moto.serverCpuUsPerRequest / result.serverCpuUsPerRequest;
  const met = result.throughputRatio >= GOALS.throughputRatio && result.p99Ms! < GOALS.p99Ms;
  result.verdict = met ? 'met' : 'missed';
}

/** Renders the run as a fixed-width table. */
export function renderTable(report: BenchReport): string {
  const header = ['target', 'operation', 'req/s', 'p50 ms', 'p99 ms', 'CPU us/req', 'errors', 'x moto req/s', 'moto p99 / p99', 'x moto CPU', 'verdict'];
  const dash = header.map(() => '-');
  const rows = report.targets.flatMap((t) => t.failed
    ? [[t.target, ...dash.slice(2), `failed: ${t.failed.split('\n')[0]}`]]
    : t.operations.map((r) => rowOf(t.target, r)));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const last = header.length - 1;
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 || i === last ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function rowOf(target: string, r: OperationResult): string[] {
  if (r.unavailable) return [target, r.operation, '-', '-', '-', '-', '-', '-', '-', '-', `unavailable: ${r.unavailable.split('\n')[0]!.slice(0, 120)}`];
  const ratio = (x: number | undefined) => (x === undefined ? '-' : `${x.toFixed(1)}x`);
  return [
    target, r.operation, r.throughput!.toFixed(0), r.p50Ms!.toFixed(1), r.p99Ms!.toFixed(1),
    r.serverCpuUsPerRequest === undefined ? '-' : r.serverCpuUsPerRequest.toFixed(0),
    r.errors ? `${r.errors} (${Object.keys(r.errorsByType ?? {}).join(', ')})` : '0',
    ratio(r.throughputRatio), ratio(r.p99Ratio), ratio(r.cpuRatio), r.verdict ?? '',
  ];
}

/** Writes the report to `<dir>/api-<timestamp>.json` and returns the path. */
export function writeReport(report: BenchReport, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `api-${report.startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
  return path;
}
