import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { waitForBanner } from './wait-for-banner.ts';

const REPO = resolve(import.meta.dirname, '..', '..');

/** A `cutover proxy` running as a real child process. */
export interface ProxyProcess {
  adminUrl: string;
  adminToken: string;
  dataDir: string;
  process: ChildProcess;
  output(): string;
  /** Stops it (SIGTERM) and deletes its data directory. */
  stop(): Promise<void>;
}

/** Starts `cutover proxy --admin-port 0` on a fresh data directory and waits for its admin API. */
export async function startProxyProcess(options: { drainTimeoutSeconds?: number } = {}): Promise<ProxyProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cutover-proxy-'));
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'src/bin/cli.ts'), 'proxy', '--data-dir', dataDir,
    '--admin-port', '0', '--drain-timeout', String(options.drainTimeoutSeconds ?? 2)], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c) => (output += c));
  child.stderr!.on('data', (c) => (output += c));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      await new Promise((done) => {
        child.once('exit', done);
        child.kill('SIGTERM');
      });
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const adminUrl = await waitForBanner(child, () => output, /admin API listening on (http:\/\/\S+)/, 'cutover proxy').catch(async (error) => {
    await stop();
    throw error;
  });
  const adminToken = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
  return { adminUrl, adminToken, dataDir, process: child, output: () => output, stop };
}
