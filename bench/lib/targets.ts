import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SigningCredentials } from '../../src/client/sign-request.ts';
import { findPostmaster } from './cpu.ts';
import { freePort } from '../../test/support/s3.ts';
import { startServerProcess } from '../../test/support/server-process.ts';

/** A running API endpoint under test. */
export interface Target {
  /** `cutover-sqlite`, `cutover-postgres` or `moto`. */
  name: string;
  endpoint: string;
  credentials: SigningCredentials;
  /** Free-form details for the results file (versions, database). */
  details: Record<string, string>;
  /** Processes serving the target (with their descendants), for CPU per request. */
  pids: number[];
  stop(): Promise<void>;
}

/** The throwaway-cluster helper the test runner uses; it is plain JS, hence the typed import. */
interface PostgresModule {
  startPostgres(): Promise<{ url: string; stop(): Promise<void> }>;
}

const REPO = resolve(import.meta.dirname, '..', '..');

/** Starts `cutover server` as a child process on SQLite (a fresh file) or a fresh PostgreSQL cluster. */
export async function startCutover(options: { dialect: 'sqlite' | 'postgres'; logLevel: string }): Promise<Target> {
  const env = { CUTOVER_LOG_LEVEL: options.logLevel };
  if (options.dialect === 'sqlite') {
    const server = await startServerProcess({ dialect: 'sqlite', env });
    return {
      name: 'cutover-sqlite', endpoint: server.url, credentials: server.credentials,
      details: { database: 'sqlite (temp file)' }, pids: [server.process.pid!], stop: () => server.destroy(),
    };
  }
  const { startPostgres } = (await import(pathToFileURL(resolve(REPO, 'scripts/postgres.mjs')).href)) as PostgresModule;
  const postgres = await startPostgres();
  try {
    const server = await startServerProcess({ databaseUrl: postgres.url, env });
    return {
      name: 'cutover-postgres', endpoint: server.url, credentials: server.credentials,
      details: { database: `postgres ${postgresVersion()} (throwaway cluster, fsync=off)` },
      // The database's CPU counts too: it is part of serving each request.
      pids: [server.process.pid!, findPostmaster(Number(new URL(postgres.url).port))].filter((p): p is number => p !== undefined),
      async stop() {
        await server.destroy();
        await postgres.stop();
      },
    };
  } catch (error) {
    await postgres.stop();
    throw error;
  }
}

/** Starts `moto_server` on a free loopback port and waits until it answers. */
export async function startMoto(): Promise<Target> {
  const port = await freePort();
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  // A missing moto_server is reported as output, so the wait below fails with the reason.
  child.once('error', (error) => (output += `\n${error.message}`));
  child.stdout!.on('data', (c) => (output = (output + c).slice(-4000)));
  child.stderr!.on('data', (c) => (output = (output + c).slice(-4000)));
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = () => stopGroup(child);
  try {
    await waitUntilAnswering(`${endpoint}/moto-api/`, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
  return { name: 'moto', endpoint, credentials, details: { version: `moto ${motoVersion()}` }, pids: [child.pid!], stop };
}

async function waitUntilAnswering(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.pid === undefined) throw new Error('moto_server could not be started (is python3 moto 5 installed and on PATH?)');
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}: ${output().trim()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`moto_server did not answer within 30 s:\n${output()}`);
}

/** moto_server runs behind a pyenv shim (a shell script), so the whole process group is stopped. */
function stopGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const kill = (signal: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        done();
      }
    };
    const timer = setTimeout(() => kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    kill('SIGTERM');
  });
}
function motoVersion(): string {
  return tryRun('python3', ['-c', 'import moto; print(moto.__version__)']);
}

function postgresVersion(): string {
  return tryRun('postgres', ['--version']).replace(/^postgres \(PostgreSQL\) /, '');
}

function tryRun(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    return 'unknown';
  }
}
