import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError, Option } from 'commander';
import { HaproxyRouter } from '../engine/traffic/haproxy-router.ts';
import { ProxyRouter } from '../engine/traffic/proxy-router.ts';
import type { TrafficRouter } from '../engine/traffic/traffic-router.ts';
import { startProxy } from '../proxy/start-proxy.ts';
import { parsePort } from './options.ts';

/**
 * Which load balancer the engine drives (docs/traffic-routers.md):
 * * `none` - no traffic control: deployments that move traffic fail with a clear message;
 * * `proxy` - an external `cutover proxy`, through its admin API;
 * * `embedded-proxy` - a `cutover proxy` started inside the server, data in `<data-dir>/proxy`;
 * * `haproxy` - HAProxy, through its runtime API socket.
 */
export type TrafficRouterSettings =
  | { kind: 'none' }
  | { kind: 'proxy'; adminUrl: string; token: string }
  | { kind: 'embedded-proxy'; adminPort?: number; configFile?: string }
  | { kind: 'haproxy'; socket: string };

/** The router in use, what to print about it, and how to stop what was started for it. */
export interface TrafficRouterHandle {
  router?: TrafficRouter;
  /** For the start-up banner. */
  description: string;
  /** The embedded proxy's admin API, when there is one (tests and `cutover lb` use it). */
  embeddedProxy?: { adminUrl: string; adminToken: string };
  close(): Promise<void>;
}

/** Command-line flags of the traffic router, as commander parses them. */
export interface TrafficRouterFlags {
  trafficRouter: 'none' | 'proxy' | 'haproxy';
  embeddedProxy?: boolean;
  proxyAdminUrl?: string;
  proxyAdminToken?: string;
  proxyAdminTokenFile?: string;
  proxyAdminPort?: number;
  proxyConfig?: string;
  haproxySocket?: string;
}

/** The `cutover server` options choosing and reaching the traffic router. */
export function trafficRouterOptions(): Option[] {
  return [
    new Option('--traffic-router <kind>', 'load balancer the engine drives for traffic control').choices(['none', 'proxy', 'haproxy'])
      .env('CUTOVER_TRAFFIC_ROUTER').default('none'),
    new Option('--embedded-proxy', 'run the built-in cutover proxy inside the server (data in <data-dir>/proxy) and use it as the router')
      .env('CUTOVER_EMBEDDED_PROXY'),
    new Option('--proxy-admin-url <url>', 'admin API of an external cutover proxy, e.g. http://127.0.0.1:8790').env('CUTOVER_PROXY_ADMIN_URL'),
    new Option('--proxy-admin-token <token>', 'its admin token (prefer --proxy-admin-token-file)').env('CUTOVER_PROXY_ADMIN_TOKEN'),
    new Option('--proxy-admin-token-file <file>', 'file holding its admin token (the proxy\'s <data-dir>/admin-token)').env('CUTOVER_PROXY_ADMIN_TOKEN_FILE'),
    new Option('--proxy-admin-port <port>', 'admin API port of the embedded proxy (0: any free port)').env('CUTOVER_PROXY_ADMIN_PORT').argParser(parsePort),
    new Option('--proxy-config <file>', 'config file seeding the embedded proxy\'s listeners and target groups').env('CUTOVER_PROXY_CONFIG'),
    new Option('--haproxy-socket <path|host:port>', 'HAProxy runtime API (stats socket ... level admin)').env('CUTOVER_HAPROXY_SOCKET'),
  ];
}

/** Checks the flags belong together and turns them into settings; throws InvalidArgumentError. */
export function trafficRouterSettingsOf(flags: TrafficRouterFlags): TrafficRouterSettings {
  if (flags.embeddedProxy) {
    if (flags.trafficRouter === 'haproxy') throw new InvalidArgumentError('--embedded-proxy runs the built-in proxy; it cannot go with --traffic-router haproxy');
    return { kind: 'embedded-proxy', adminPort: flags.proxyAdminPort, configFile: flags.proxyConfig };
  }
  if (flags.trafficRouter === 'proxy') {
    if (!flags.proxyAdminUrl) throw new InvalidArgumentError('--traffic-router proxy needs --proxy-admin-url (or use --embedded-proxy)');
    const token = flags.proxyAdminToken ?? (flags.proxyAdminTokenFile ? readFileSync(flags.proxyAdminTokenFile, 'utf8').trim() : undefined);
    if (!token) throw new InvalidArgumentError('--traffic-router proxy needs --proxy-admin-token-file or --proxy-admin-token');
    return { kind: 'proxy', adminUrl: flags.proxyAdminUrl, token };
  }
  if (flags.trafficRouter === 'haproxy') {
    if (!flags.haproxySocket) throw new InvalidArgumentError('--traffic-router haproxy needs --haproxy-socket');
    return { kind: 'haproxy', socket: flags.haproxySocket };
  }
  return { kind: 'none' };
}

/** Builds the router the settings ask for, starting the embedded proxy if that is the one. */
export async function startTrafficRouter(settings: TrafficRouterSettings | undefined, dataDir: string): Promise<TrafficRouterHandle> {
  const nothing = async () => {};
  if (settings?.kind === 'embedded-proxy') return startEmbeddedProxy(settings, dataDir);
  if (settings?.kind === 'proxy') {
    const router = new ProxyRouter({ adminUrl: settings.adminUrl, token: settings.token });
    return { router, description: router.description, close: nothing };
  }
  if (settings?.kind === 'haproxy') {
    const router = new HaproxyRouter({ socket: settings.socket });
    return { router, description: router.description, close: nothing };
  }
  return { description: 'none (deployments that move traffic fail)', close: nothing };
}

async function startEmbeddedProxy(settings: { adminPort?: number; configFile?: string }, dataDir: string): Promise<TrafficRouterHandle> {
  const proxyDir = join(dataDir, 'proxy');
  const proxy = await startProxy({ dataDir: proxyDir, adminPort: settings.adminPort, configFile: settings.configFile });
  const router = new ProxyRouter({ adminUrl: proxy.adminUrl, token: proxy.adminToken });
  return {
    router,
    description: `cutover proxy (embedded) at ${proxy.adminUrl}, token in ${join(proxyDir, 'admin-token')}`,
    embeddedProxy: { adminUrl: proxy.adminUrl, adminToken: proxy.adminToken },
    close: () => proxy.close(),
  };
}
