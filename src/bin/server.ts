import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { SYSTEM_CLOCK, type Clock } from '../core/clock.ts';
import { newAccountId } from '../core/ids.ts';
import { CODEDEPLOY_SERVICE } from '../api/codedeploy-service.ts';
import { createApiServer } from '../api/http-server.ts';
import { openDatabase } from '../store/db.ts';
import { SecretBox } from '../store/secret-box.ts';
import { createStore, type Store } from '../store/store.ts';
import { DATA_FILES, ensureDataDir, loadSecretKey, writeCredentialsFile } from './data-dir.ts';
import { createLogger } from './logger.ts';

/** Settings of `cutover server`. */
export interface ServerOptions {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  region: string;
  clock?: Clock;
  /** Skip the start-up banner (tests). */
  quiet?: boolean;
}

/** A running server, as tests and the CLI see it. */
export interface RunningServer {
  url: string;
  port: number;
  dataDir: string;
  store: Store;
  close(): Promise<void>;
}

/** Opens the store, bootstraps the admin key, and starts serving. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const clock = options.clock ?? SYSTEM_CLOCK;
  const log = createLogger('cutover-server');
  const dataDir = ensureDataDir(options.dataDir);
  const { db, dialect, location } = await openDatabase({ dataDir, databaseUrl: options.databaseUrl });
  const store = createStore({ db, dialect, clock, secretBox: new SecretBox({ key: loadSecretKey(dataDir) }) });
  const accountId = await store.settings.getOrInit('account_id', newAccountId);
  const credentialsPath = await ensureAdminCredentials(store, dataDir, options.region);
  const http = createApiServer({ store, clock, region: options.region, accountId, log, services: [CODEDEPLOY_SERVICE] });
  const port = await listen(http, options.port, options.host);
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  if (!options.quiet) printBanner({ url, dataDir, database: `${dialect} (${location})`, credentialsPath });
  return { url, port, dataDir, store, close: () => shutdown(http, store) };
}

async function ensureAdminCredentials(store: Store, dataDir: string, region: string): Promise<string> {
  const path = join(dataDir, DATA_FILES.adminCredentials);
  if (!existsSync(path)) {
    const key = await store.accessKeys.create({ role: 'admin', description: 'created on first start' });
    writeCredentialsFile(path, key, region);
  }
  return path;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

async function shutdown(server: Server, store: Store): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
    // Long requests (none yet) get a grace period before their sockets are cut.
    setTimeout(() => server.closeAllConnections(), 2000).unref();
  });
  await store.db.destroy();
}

function printBanner(info: { url: string; dataDir: string; database: string; credentialsPath: string }): void {
  const lines = [
    `Cutover server listening on ${info.url}`,
    `  data directory     ${info.dataDir}`,
    `  database           ${info.database}`,
    `  admin credentials  ${info.credentialsPath}`,
    `  try it             AWS_SHARED_CREDENTIALS_FILE=${info.credentialsPath} aws deploy list-applications --endpoint-url ${info.url}`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}
