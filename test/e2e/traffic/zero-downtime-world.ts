import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AddTagsToOnPremisesInstancesCommand, CreateDeploymentCommand, type CreateDeploymentCommandInput,
} from '@aws-sdk/client-codedeploy';
import { HaproxyRouter } from '../../../src/engine/traffic/haproxy-router.ts';
import { ProxyRouter } from '../../../src/engine/traffic/proxy-router.ts';
import type { TrafficRouter } from '../../../src/engine/traffic/traffic-router.ts';
import { startFleet, type Fleet } from '../../support/fleet.ts';
import { freePort, startHaproxy, type HaproxyProcess } from '../../support/haproxy.ts';
import { buildTgzBundle } from '../../support/s3.ts';
import { hookBundle } from '../fleet/support/hook-bundle.ts';

// A fleet whose hosts run a real HTTP app behind a real load balancer: `cutover server` with a
// traffic router (its embedded cutover proxy, or an HAProxy started here), real agents, and
// per host a port (its `cutover:address` tag) on which its ApplicationStart hook starts the app
// and its ApplicationStop hook stops it. Two target groups, tg-a and tg-b, and one listener,
// web, which starts on tg-a.

/** Which load balancer the world runs. */
export type RouterKind = 'proxy' | 'haproxy';

/** A running world; close() stops every process it started. */
export interface TrafficWorld {
  fleet: Fleet;
  /** A router on the same load balancer as the server's, for the test's own reads. */
  router: TrafficRouter;
  /** Where client traffic goes: the `web` listener. */
  webUrl: string;
  /** Host names with role `a` (hosts 1-3) and `b` (hosts 4-5). */
  roleA: string[];
  roleB: string[];
  /** Each host's `cutover:address`. */
  addresses: Record<string, string>;
  /** Uploads a bundle whose app answers `<host> <version>` and creates a deployment. */
  deploy(input: Omit<CreateDeploymentCommandInput, 'applicationName' | 'revision'>, version: string): Promise<string>;
  close(): Promise<void>;
}

/** The app each host runs: answers `<host> <version>`, writes app.ready once listening, drains on SIGTERM. */
const APP = `const http = require('node:http');
const [port, host, version] = process.argv.slice(2);
const server = http.createServer((req, res) => res.end(host + ' ' + version + '\\n'));
server.keepAliveTimeout = 60000;
server.listen(Number(port), '127.0.0.1', () => require('node:fs').writeFileSync('app.ready', ''));
process.on('SIGTERM', () => { server.close(() => process.exit(0)); server.closeIdleConnections(); });
`;

const STOP = [
  'if [ -f app.pid ]; then',
  '  pid=$(cat app.pid); kill "$pid" 2>/dev/null',
  '  i=0; while kill -0 "$pid" 2>/dev/null; do i=$((i+1)); [ $i -gt 200 ] && kill -9 "$pid"; sleep 0.05; done',
  '  rm -f app.pid app.ready',
  'fi',
].join('\n');

// ApplicationStop runs the script of the last revision the same deployment group installed,
// and hosts here move between groups: ApplicationStart stops whatever app still runs first.
const START = [
  STOP,
  'rm -f app.ready',
  '. ./traffic-app.env',
  'setsid node traffic-app.cjs "$APP_PORT" "$FLEET_HOST" "$VERSION" > app.log 2>&1 < /dev/null &',
  'echo $! > app.pid',
  'i=0; while [ ! -e app.ready ]; do i=$((i+1)); [ $i -gt 400 ] && exit 7; sleep 0.05; done',
].join('\n');

const HEALTH = { path: '/', intervalSeconds: 0.2, timeoutSeconds: 1, healthyThreshold: 2, unhealthyThreshold: 2 };

/** Starts the load balancer, the server using it, five hosts (three with role a, two with role b) and the app's files. */
export async function startTrafficWorld(kind: RouterKind, name: string): Promise<TrafficWorld> {
  const haproxy = kind === 'haproxy' ? await startHaproxy({
    listeners: [{ name: 'web', targetGroups: ['tg-a', 'tg-b'] }], targetGroups: [{ name: 'tg-a' }, { name: 'tg-b' }],
  }) : undefined;
  let fleet: Fleet;
  try {
    fleet = await startFleet({ name, hosts: 5, serverEnv: serverEnvOf(haproxy) });
  } catch (error) {
    await haproxy?.stop();
    throw error;
  }
  // A world that fails half-way stops what it started, or the test file would never exit.
  const { router, webUrl } = haproxy ? haproxyParts(haproxy) : await proxyParts(fleet).catch(async (error) => {
    await fleet.close();
    throw error;
  });
  const roleA = fleet.hosts.slice(0, 3).map((h) => h.name);
  const roleB = fleet.hosts.slice(3).map((h) => h.name);
  const addresses: Record<string, string> = {};
  for (const host of fleet.hosts) {
    const port = await freePort();
    addresses[host.name] = `127.0.0.1:${port}`;
    writeFileSync(join(host.dir, 'traffic-app.env'), `APP_PORT=${port}\n`);
    writeFileSync(join(host.dir, 'traffic-app.cjs'), APP);
    const role = roleA.includes(host.name) ? 'a' : 'b';
    await fleet.admin.send(new AddTagsToOnPremisesInstancesCommand({
      instanceNames: [host.name], tags: [{ Key: 'cutover:address', Value: `127.0.0.1:${port}` }, { Key: 'role', Value: role }],
    }));
  }
  let uploads = 0;
  return {
    fleet, router, webUrl, roleA, roleB, addresses,
    async deploy(input, version) {
      const key = `${name}/${version}-${++uploads}.tgz`;
      const body = await buildTgzBundle(hookBundle({ version, hooks: { ApplicationStart: START, ApplicationStop: STOP } }));
      const { eTag } = await fleet.s3.putObject('cutover-fleet', key, body);
      const { deploymentId } = await fleet.admin.send(new CreateDeploymentCommand({
        // Hosts move between deployment groups here, so a file the other group installed is
        // expected: overwrite it (the default, DISALLOW, fails the install, as with the official agent).
        applicationName: name, fileExistsBehavior: 'OVERWRITE', ...input, revision: { revisionType: 'S3', s3Location: { bucket: 'cutover-fleet', key, bundleType: 'tgz', eTag } },
      }));
      return deploymentId!;
    },
    async close() {
      for (const host of fleet.hosts) killApp(host.dir);
      await fleet.close();
      await haproxy?.stop();
    },
  };
}

function serverEnvOf(haproxy: HaproxyProcess | undefined): Record<string, string> {
  const common = { CUTOVER_TIME_SCALE: '60', CUTOVER_TRAFFIC_HEALTH_TIMEOUT: '30' };
  if (haproxy) return { ...common, CUTOVER_TRAFFIC_ROUTER: 'haproxy', CUTOVER_HAPROXY_SOCKET: haproxy.socket };
  return { ...common, CUTOVER_EMBEDDED_PROXY: '1', CUTOVER_PROXY_ADMIN_PORT: '0' };
}

function haproxyParts(haproxy: HaproxyProcess): { router: TrafficRouter; webUrl: string } {
  return { router: new HaproxyRouter({ socket: haproxy.socket }), webUrl: `http://127.0.0.1:${haproxy.ports.web}/` };
}

/** The embedded proxy as the banner names it; creates the target groups and the listener. */
async function proxyParts(fleet: Fleet): Promise<{ router: TrafficRouter; webUrl: string }> {
  const adminUrl = /cutover proxy \(embedded\) at (http:\/\/\S+),/.exec(fleet.server.output())?.[1];
  if (!adminUrl) throw new Error(`no embedded proxy in the banner:\n${fleet.server.output()}`);
  const token = readFileSync(join(fleet.server.dataDir, 'proxy', 'admin-token'), 'utf8').trim();
  const admin = async (path: string, body: unknown) => {
    const response = await fetch(adminUrl + path, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`PUT ${path}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<{ port: number }>;
  };
  for (const group of ['tg-a', 'tg-b']) await admin(`/v1/target-groups/${group}`, { healthCheck: HEALTH, deregistrationDelaySeconds: 10 });
  const listener = await admin('/v1/listeners/web', {
    port: 0, host: '127.0.0.1', defaultAction: { forward: { targetGroups: [{ name: 'tg-a', weight: 100 }, { name: 'tg-b', weight: 0 }] } },
  });
  return { router: new ProxyRouter({ adminUrl, token }), webUrl: `http://127.0.0.1:${listener.port}/` };
}

function killApp(dir: string): void {
  try {
    process.kill(Number(readFileSync(join(dir, 'app.pid'), 'utf8')), 'SIGKILL');
  } catch {
    // No app running on this host (never started, or already stopped).
  }
}
