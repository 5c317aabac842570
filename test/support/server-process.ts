import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { DialectName } from '../../src/store/db.ts';
import { freshDatabaseUrl } from './dialects.ts';
import { waitForBanner } from './wait-for-banner.ts';

const REPO = resolve(import.meta.dirname, '..', '..');

/** Credentials as found in an AWS shared-credentials file. */
export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** A `cutover server` running as a real child process. */
export interface ServerProcess {
  url: string;
  port: number;
  dataDir: string;
  databaseUrl: string;
  credentialsFile: string;
  credentials: Credentials;
  process: ChildProcess;
  /** Output so far (stdout and stderr), for assertions and failure messages. */
  output(): string;
  /** Stops the server with a signal and waits for it to exit; returns its exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Stops it and deletes its data directory and database. */
  destroy(): Promise<void>;
}

/** Options for a server process: its database, or an existing data directory to restart on. */
export interface ServerProcessOptions {
  dialect?: DialectName;
  dataDir?: string;
  databaseUrl?: string;
  env?: Record<string, string>;
  /** Extra node flags, e.g. `--cpu-prof` when profiling a benchmark. */
  nodeArgs?: string[];
}

/** Starts `cutover server --port 0` and waits for its banner. */
export async function startServerProcess(options: ServerProcessOptions = {}): Promise<ServerProcess> {
  const database = options.databaseUrl ? { url: options.databaseUrl, drop: async () => {} } : await freshDatabaseUrl(options.dialect ?? 'sqlite');
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'cutover-server-'));
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', join(REPO, 'src/bin/cli.ts'), 'server',
    '--port', '0', '--data-dir', dataDir, '--database-url', database.url], {
    cwd: REPO, env: { ...process.env, CUTOVER_LOG_LEVEL: 'warn', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c) => (output += c));
  child.stderr!.on('data', (c) => (output += c));
  const url = await waitForBanner(child, () => output, /listening on (http:\/\/\S+)/, 'server');
  const credentialsFile = join(dataDir, 'admin-credentials');
  const stop = (signal: NodeJS.Signals = 'SIGTERM') => stopChild(child, signal);
  return {
    url, port: Number(new URL(url).port), dataDir, databaseUrl: database.url, credentialsFile,
    credentials: readCredentials(credentialsFile), process: child, output: () => output, stop,
    async destroy() {
      await stop('SIGTERM');
      await database.drop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolvePromise) => {
    child.once('exit', (code) => resolvePromise(code));
    child.kill(signal);
  });
}

/** Reads the `default` profile of an AWS shared-credentials file. */
export function readCredentials(path: string): Credentials {
  const text = readFileSync(path, 'utf8');
  const get = (name: string) => new RegExp(`^${name}\\s*=\\s*(\\S+)`, 'm').exec(text)?.[1] ?? '';
  return { accessKeyId: get('aws_access_key_id'), secretAccessKey: get('aws_secret_access_key') };
}
