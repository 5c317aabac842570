import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { SYSTEM_CLOCK, type Clock } from '../core/clock.ts';
import { newAccountId } from '../core/ids.ts';
import { CODEDEPLOY_SERVICE } from '../api/codedeploy-service.ts';
import { COMMAND_SERVICE } from '../api/host-commands/command-service.ts';
import { CUTOVER_SERVICE } from '../api/cutover/cutover-service.ts';
import { SpecSigner } from '../api/host-commands/spec-signer.ts';
import { Engine } from '../engine/engine.ts';
import { DEFAULT_ENGINE_SETTINGS, type EngineSettings } from '../engine/settings.ts';
import { Waker } from '../engine/waker.ts';
import { loadSigningIdentity } from './signing-identity.ts';
import { startTrafficRouter, type TrafficRouterSettings } from './traffic-router-setup.ts';
import { createApiServer } from '../api/http-server.ts';
import { createS3Handler, type S3RequestHandler } from '../api/s3/s3-handler.ts';
import { BlobDir } from '../store/blobs/blob-dir.ts';
import { BundleObjectStore } from '../store/bundle-objects.ts';
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
  /** Where the embedded bundle store keeps object bytes; default `<dataDir>/bundles`. */
  bundleDir?: string;
  /** Engine timing; defaults to CodeDeploy's limits. */
  engine?: Partial<EngineSettings>;
  /** Longest PollHostCommand wait, in ms. */
  pollWaitMs?: number;
  /** Redeliver a command not acknowledged within this many ms of its delivery. */
  redeliverAfterMs?: number;
  /**
   * False holds every deployment where it is (deployments are still created, stopped and
   * read): for inspecting the API's view of a deployment without it moving underneath.
   */
  runEngine?: boolean;
  /** Shell command run when a blue/green deployment TERMINATEs its original instances. */
  onTerminate?: string;
  /** The load balancer the engine drives; default none. */
  traffic?: TrafficRouterSettings;
}

/** Longest PollHostCommand wait by default: well under the official agent's 80 s read timeout. */
export const DEFAULT_POLL_WAIT_MS = 45_000;

/** How long a delivered, unacknowledged command waits before it is delivered again. */
export const DEFAULT_REDELIVER_AFTER_MS = 10_000;

/** A running server, as tests and the CLI see it. */
export interface RunningServer {
  url: string;
  port: number;
  dataDir: string;
  store: Store;
  /** The embedded proxy's admin API, with `--embedded-proxy`. */
  embeddedProxy?: { adminUrl: string; adminToken: string };
  close(): Promise<void>;
}

/** Opens the store, bootstraps the admin key, and starts serving. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const clock = options.clock ?? SYSTEM_CLOCK;
  const log = createLogger('cutover-server');
  const dataDir = ensureDataDir(options.dataDir);
  const { db, dialect, location } = await openDatabase({
    dataDir, databaseUrl: options.databaseUrl,
    onIdleConnectionError: (error) => log.warn({ err: error.message }, 'PostgreSQL closed an idle connection; it is replaced on the next query'),
  });
  const store = createStore({ db, dialect, clock, secretBox: new SecretBox({ key: loadSecretKey(dataDir) }) });
  const accountId = await store.settings.getOrInit('account_id', newAccountId);
  const credentialsPath = await ensureAdminCredentials(store, dataDir, options.region);
  const waker = new Waker();
  const shutdown = new AbortController();
  const runtime = { waker, specSigner: new SpecSigner(loadSigningIdentity(dataDir)), pollWaitMs: options.pollWaitMs ?? DEFAULT_POLL_WAIT_MS,
    redeliverAfterMs: options.redeliverAfterMs ?? DEFAULT_REDELIVER_AFTER_MS };
  const s3 = await openBundleStore({ store, clock, log, root: options.bundleDir ?? join(dataDir, 'bundles') });
  const http = createApiServer({
    store, clock, region: options.region, accountId, log, runtime, shutdownSignal: shutdown.signal, s3,
    services: [CODEDEPLOY_SERVICE, COMMAND_SERVICE, CUTOVER_SERVICE],
  });
  const traffic = await startTrafficRouter(options.traffic, dataDir);
  const engine = new Engine({ store, clock, waker, log, settings: { ...DEFAULT_ENGINE_SETTINGS, ...options.engine }, onTerminate: options.onTerminate,
    router: traffic.router });
  const port = await listen(http, options.port, options.host).catch(async (error) => {
    await traffic.close();
    throw error;
  });
  if (options.runEngine !== false) engine.start();
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  if (!options.quiet) printBanner({ url, dataDir, database: `${dialect} (${location})`, credentialsPath, trafficRouter: traffic.description });
  return {
    url, port, dataDir, store, embeddedProxy: traffic.embeddedProxy,
    close: async () => {
      shutdown.abort();
      await engine.stop();
      await traffic.close();
      await closeServer(http, store);
    },
  };
}

/** The embedded bundle store's S3 front over its blob directory, swept of crash leftovers. */
async function openBundleStore(o: { store: Store; clock: Clock; log: Logger; root: string }): Promise<S3RequestHandler> {
  const objects = new BundleObjectStore({ db: o.store.db, clock: o.clock });
  const blobs = new BlobDir({ root: o.root });
  await blobs.open((ids) => objects.referencedBlobs(ids));
  return createS3Handler({ objects, blobs, keys: o.store.accessKeys, clock: o.clock, log: o.log });
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

async function closeServer(server: Server, store: Store): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
    // Long requests (none yet) get a grace period before their sockets are cut.
    setTimeout(() => server.closeAllConnections(), 2000).unref();
  });
  await store.db.destroy();
}

function printBanner(info: { url: string; dataDir: string; database: string; credentialsPath: string; trafficRouter: string }): void {
  const lines = [
    `Cutover server listening on ${info.url}`,
    `  data directory     ${info.dataDir}`,
    `  database           ${info.database}`,
    `  traffic router     ${info.trafficRouter}`,
    `  admin credentials  ${info.credentialsPath}`,
    `  try it             AWS_SHARED_CREDENTIALS_FILE=${info.credentialsPath} aws deploy list-applications --endpoint-url ${info.url}`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}
