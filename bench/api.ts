// API benchmark: Cutover on SQLite and on PostgreSQL against moto_server, one target at a time,
// with 50 keep-alive clients sending SigV4-signed requests. See bench/README.md.
//
//   npm run bench:api
//   npm run bench:api -- --duration 8 --warmup 2 --concurrency 50 --targets moto,sqlite,postgres
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { callJsonRpc } from '../src/client/json-rpc.ts';
import { CpuMeter } from './lib/cpu.ts';
import { runLoad } from './lib/load.ts';
import { compareWithMoto, describeMachine, GOALS, renderTable, writeReport, type BenchReport, type OperationResult, type TargetResult } from './lib/report.ts';
import { startCutover, startMoto, type Target } from './lib/targets.ts';
import { OPERATIONS, requestFor, seed, type Operation, type Seed } from './lib/workload.ts';

/** Command-line settings of one bench run. */
interface BenchOptions {
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  targets: string[];
  operations: Operation[];
  logLevel: string;
  outDir: string;
}

const TARGETS: Record<string, (o: BenchOptions) => Promise<Target>> = {
  moto: () => startMoto(),
  sqlite: (o) => startCutover({ dialect: 'sqlite', logLevel: o.logLevel }),
  postgres: (o) => startCutover({ dialect: 'postgres', logLevel: o.logLevel }),
};

const options = parseOptions();
const report: BenchReport = {
  startedAt: new Date().toISOString(), finishedAt: '', machine: describeMachine(), goals: GOALS,
  settings: { concurrency: options.concurrency, warmupSeconds: options.warmupMs / 1000, durationSeconds: options.durationMs / 1000, serverLogLevel: options.logLevel },
  targets: [],
};
// One target at a time: the host has two cores, and parallel targets would measure each other.
for (const name of options.targets) report.targets.push(await benchTarget(name, options));
compareWithMoto(report.targets);
report.finishedAt = new Date().toISOString();
console.log(`\n${renderTable(report)}\n`);
console.log(`goal: >= ${GOALS.throughputRatio}x moto's req/s and p99 < ${GOALS.p99Ms} ms, with no errors`);
console.log(`results: ${writeReport(report, options.outDir)}`);
process.exitCode = hasFailures(report) ? 1 : 0;

async function benchTarget(name: string, o: BenchOptions): Promise<TargetResult> {
  progress(`${name}: starting`);
  let target: Target;
  try {
    target = await TARGETS[name]!(o);
  } catch (error) {
    return { target: name, details: {}, failed: `start: ${messageOf(error)}`, operations: [] };
  }
  try {
    const seeded = await seed(target);
    const operations: OperationResult[] = [];
    for (const operation of o.operations) operations.push(await benchOperation(target, seeded, operation, o));
    return { target: target.name, details: target.details, operations };
  } catch (error) {
    return { target: target.name, details: target.details, failed: `seed: ${messageOf(error)}`, operations: [] };
  } finally {
    await target.stop();
  }
}

async function benchOperation(target: Target, seeded: Seed, operation: Operation, o: BenchOptions): Promise<OperationResult> {
  const request = requestFor(operation, seeded, target);
  const probe = await callJsonRpc({ endpoint: target.endpoint, credentials: target.credentials, service: 'codedeploy', targetPrefix: 'CodeDeploy_20141006' }, operation, request.body());
  if (probe.status !== 200) return { operation, unavailable: `${probe.errorType ?? `HTTP ${probe.status}`}: ${probe.body?.message ?? probe.raw.slice(0, 200)}` };
  progress(`${target.name}: ${operation} for ${o.warmupMs / 1000} s + ${o.durationMs / 1000} s`);
  const result = await runLoad({
    endpoint: target.endpoint, credentials: target.credentials, request, concurrency: o.concurrency,
    warmupMs: o.warmupMs, durationMs: o.durationMs, cpu: new CpuMeter({ pids: target.pids }),
  });
  const cpu = result.serverCpuUsPerRequest === undefined ? '' : `, server CPU ${result.serverCpuUsPerRequest.toFixed(0)} us/req`;
  progress(`${target.name}: ${operation} ${result.throughput.toFixed(0)} req/s, p99 ${result.p99Ms.toFixed(1)} ms${cpu}, ${result.errors} errors`);
  return { operation, ...result };
}

function parseOptions(): BenchOptions {
  const { values } = parseArgs({
    options: {
      concurrency: { type: 'string', default: '50' },
      warmup: { type: 'string', default: '2' },
      duration: { type: 'string', default: '8' },
      targets: { type: 'string', default: 'moto,sqlite,postgres' },
      operations: { type: 'string', default: OPERATIONS.join(',') },
      'log-level': { type: 'string', default: 'info' },
      out: { type: 'string', default: resolve(import.meta.dirname, 'results') },
    },
  });
  const targets = values.targets.split(',');
  const operations = values.operations.split(',') as Operation[];
  for (const t of targets) if (!TARGETS[t]) throw new Error(`unknown target ${t}; use ${Object.keys(TARGETS).join(', ')}`);
  for (const op of operations) if (!OPERATIONS.includes(op)) throw new Error(`unknown operation ${op}; use ${OPERATIONS.join(', ')}`);
  return {
    concurrency: Number(values.concurrency), warmupMs: Number(values.warmup) * 1000, durationMs: Number(values.duration) * 1000,
    targets, operations, logLevel: values['log-level'], outDir: values.out,
  };
}

function hasFailures(r: BenchReport): boolean {
  return r.targets.some((t) => t.failed || t.operations.some((o) => o.unavailable || o.errors));
}

function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
