import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { Listener } from '../core/proxy-admin.ts';
import { createAdminServer } from './admin-server.ts';
import { loadOrCreateAdminToken } from './admin-token.ts';
import { readConfigFile, type ProxyConfigFile } from './config-file.ts';
import { LoadBalancer } from './load-balancer.ts';
import { ProxyMetrics } from './metrics.ts';
import { readStateFile, writeStateFile, type PersistedState } from './state-file.ts';

/** Default port of the admin API. */
export const DEFAULT_ADMIN_PORT = 8790;

/** How to start a proxy. Flags given here win over the config file's `admin` section. */
export interface ProxyOptions {
  /** Holds `proxy-state.json` and the generated `admin-token`; created if missing. */
  dataDir: string;
  /** YAML or JSON file: admin settings, and the listeners and groups seeded on first start. */
  configFile?: string;
  adminPort?: number;
  adminHost?: string;
  adminToken?: string;
  /** How long closing listeners wait for requests in flight (default 10 s). */
  drainMs?: number;
}

/** A running proxy. */
export interface ProxyHandle {
  /** e.g. `http://127.0.0.1:8790`. */
  adminUrl: string;
  adminToken: string;
  /** The listeners, with the ports they are bound to. */
  listeners(): Listener[];
  /** Stops accepting, lets requests in flight finish (up to the drain time), closes everything. */
  close(): Promise<void>;
}

/**
 * Starts `cutover proxy`: the state file if there is one, else the config file's listeners and
 * target groups (the file only seeds; admin API changes persist in the state file and win
 * from then on); then the admin API.
 */
export async function startProxy(options: ProxyOptions): Promise<ProxyHandle> {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const config: ProxyConfigFile = options.configFile ? readConfigFile(options.configFile) : { admin: {}, seed: { version: 1, targetGroups: [], listeners: [] } };
  const state = readStateFile(options.dataDir) ?? config.seed;
  const metrics = new ProxyMetrics();
  let loading = true;
  const loadBalancer = new LoadBalancer({
    metrics, drainMs: options.drainMs,
    persist: (next) => {
      if (!loading) writeStateFile(options.dataDir, next);
    },
  });
  try {
    await restore(loadBalancer, state);
  } catch (error) {
    await loadBalancer.close();
    throw error;
  }
  loading = false;
  writeStateFile(options.dataDir, loadBalancer.snapshot());
  const adminToken = options.adminToken ?? config.admin.token ?? loadOrCreateAdminToken(options.dataDir);
  const admin = createAdminServer({ loadBalancer, metrics, token: adminToken });
  const host = options.adminHost ?? config.admin.host ?? '127.0.0.1';
  const port = await listen(admin, options.adminPort ?? config.admin.port ?? DEFAULT_ADMIN_PORT, host).catch(async (error) => {
    await loadBalancer.close();
    throw error;
  });
  return {
    adminUrl: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    adminToken,
    listeners: () => loadBalancer.listeners(),
    async close() {
      const adminClosed = new Promise<void>((resolve) => admin.close(() => resolve()));
      admin.closeAllConnections();
      await loadBalancer.close();
      await adminClosed;
    },
  };
}

async function restore(loadBalancer: LoadBalancer, state: PersistedState): Promise<void> {
  for (const { name, targets, ...config } of state.targetGroups) {
    loadBalancer.putTargetGroup(name, config);
    if (targets.length > 0) loadBalancer.register(name, targets);
  }
  for (const { name, ...config } of state.listeners) await loadBalancer.putListener(name, config);
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}
