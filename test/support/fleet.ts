import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BatchGetDeploymentTargetsCommand, CreateApplicationCommand, CreateDeploymentCommand, CreateDeploymentGroupCommand,
  GetDeploymentCommand, ListDeploymentTargetsCommand, type CodeDeployClient, type CreateDeploymentGroupCommandInput,
  type DeploymentInfo, type InstanceTarget,
} from '@aws-sdk/client-codedeploy';
import type { DialectName } from '../../src/store/db.ts';
import { registerAgentHost, startAgentProcess, type AgentHost, type AgentProcess } from './agent-process.ts';
import { buildTgzBundle, startS3, type BundleFiles, type TestS3 } from './s3.ts';
import { DIALECTS } from './dialects.ts';
import { codeDeployClient } from './sdk.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';

// Given/When/Then for end-to-end deployments on a fleet: one real `cutover server`, N real
// `cutover agent` processes (each in its own temporary directory, which is also its working
// directory), and an S3-compatible store for bundles. Bundles and the hooks' timeline are in
// test/e2e/fleet/support/.

/** Options of {@link startFleet}. */
export interface FleetOptions {
  /** Names the application, the instances (`<name>-1` …) and their `fleet` tag; unique per file. */
  name: string;
  /** How many hosts (real agent processes); default 3. */
  hosts?: number;
  /** Extra server environment, e.g. CUTOVER_AGENT_PICKUP_TIMEOUT. */
  serverEnv?: Record<string, string>;
  /**
   * The server's store. Default SQLite; a file may prefer PostgreSQL, which is used when DIALECTS
   * has it (each fleet file runs once, so files share the dialects out instead of looping).
   */
  dialect?: DialectName;
}

/** One host of the fleet: a registered instance and the agent process serving it. */
export interface FleetHost {
  /** The instance name, also its target id. */
  name: string;
  /**
   * The host's own directory and its agent's working directory: relative appspec destinations
   * install here and hooks run here. Holds `fleet-host.env` (FLEET_HOST, FLEET_SHARED).
   */
  dir: string;
  registration: AgentHost;
  agent: AgentProcess;
}

/** Per-deployment choices. */
export interface DeployOptions {
  deploymentConfigName?: string;
}

/** A running fleet; {@link Fleet.close} stops everything and deletes every directory. */
export interface Fleet {
  name: string;
  server: ServerProcess;
  s3: TestS3;
  admin: CodeDeployClient;
  hosts: FleetHost[];
  /** A directory every host's hooks may write to (FLEET_SHARED), e.g. the timeline. */
  shared: string;
  host(name: string): FleetHost;
  /** Creates a deployment group selecting every host of the fleet by tag. */
  givenGroup(groupName: string, input?: Partial<CreateDeploymentGroupCommandInput>): Promise<void>;
  /** Uploads `files` as a tgz bundle and creates a deployment of it; returns its id. */
  deploy(groupName: string, files: BundleFiles, options?: DeployOptions): Promise<string>;
  /** Uploads an already built bundle (e.g. a hostile one) and creates a deployment of it. */
  deployBundle(groupName: string, body: Buffer, options?: DeployOptions & { bundleType?: 'tgz' | 'zip' | 'tar' }): Promise<string>;
  /** The deployment, once `done` holds for it; throws with the agents' output after `timeoutMs`. */
  waitFor(deploymentId: string, done: (info: DeploymentInfo) => boolean, timeoutMs?: number): Promise<DeploymentInfo>;
  /** The deployment once it is Succeeded, Failed or Stopped. */
  waitForEnd(deploymentId: string, timeoutMs?: number): Promise<DeploymentInfo>;
  deployment(deploymentId: string): Promise<DeploymentInfo>;
  /** Every target of the deployment (ListDeploymentTargets then BatchGetDeploymentTargets), by name. */
  targets(deploymentId: string): Promise<InstanceTarget[]>;
  /** A file under a host's directory, or undefined when absent. */
  readHostFile(hostName: string, path: string): string | undefined;
  /** The agents' output, for failure messages. */
  agentOutput(): string;
  close(): Promise<void>;
}

const FINAL = ['Succeeded', 'Failed', 'Stopped'];
const BUCKET = 'cutover-fleet';

/**
 * Given a server, S3 and `hosts` registered hosts each served by a running agent. If any part
 * fails to start, whatever did start is stopped and deleted before the error is rethrown, so a
 * failed `before` leaves no process behind to keep the test file alive.
 */
export async function startFleet(options: FleetOptions): Promise<Fleet> {
  const cleanups: (() => unknown)[] = [];
  try {
    const shared = mkdtempSync(join(tmpdir(), `cutover-fleet-${options.name}-`));
    cleanups.push(() => rmSync(shared, { recursive: true, force: true }));
    const [server, s3] = await startedBoth(cleanups, [
      startServerProcess({ dialect: fleetDialect(options.dialect), env: { CUTOVER_POLL_WAIT: '2', ...options.serverEnv } }).then((p) => ({ value: p, stop: () => p.destroy() })),
      startS3().then((s) => ({ value: s, stop: () => s.close() })),
    ]);
    const admin = codeDeployClient(server.url, server.credentials);
    await Promise.all([s3.createBucket(BUCKET), admin.send(new CreateApplicationCommand({ applicationName: options.name }))]);
    const names = Array.from({ length: options.hosts ?? 3 }, (_, i) => `${options.name}-${i + 1}`);
    const hosts: FleetHost[] = [];
    for (const name of names) {
      const host = await startHost({ server, s3, shared, name, tag: options.name });
      hosts.push(host);
      cleanups.push(async () => {
        await host.agent.stop('SIGKILL');
        host.registration.remove();
      });
    }
    // Generous: on a busy two-core machine a dozen node processes may be starting at once.
    await Promise.all(hosts.map((h) => h.agent.waitForOutput(/cutover agent starting/, 90_000)));
    return fleetOf({ name: options.name, server, s3, admin, hosts, shared });
  } catch (err) {
    for (const cleanup of cleanups.reverse()) await Promise.resolve().then(cleanup).catch(() => {});
    throw err;
  }
}

/** Awaits two starts; registers a stop for each that started, then throws the first failure. */
async function startedBoth<A, B>(cleanups: (() => unknown)[], starts: [Promise<{ value: A; stop(): unknown }>, Promise<{ value: B; stop(): unknown }>]): Promise<[A, B]> {
  const [a, b] = await Promise.allSettled(starts);
  for (const r of [a, b]) if (r.status === 'fulfilled') cleanups.push(r.value.stop);
  if (a.status === 'rejected') throw a.reason;
  if (b.status === 'rejected') throw b.reason;
  return [a.value.value, b.value.value];
}

function fleetDialect(preferred: DialectName = 'sqlite'): DialectName {
  return DIALECTS.includes(preferred) ? preferred : 'sqlite';
}

async function startHost(o: { server: ServerProcess; s3: TestS3; shared: string; name: string; tag: string }): Promise<FleetHost> {
  const registration = await registerAgentHost(o.server, { instanceName: o.name, tags: [{ Key: 'fleet', Value: o.tag }], s3: o.s3 });
  writeFileSync(join(registration.dir, 'fleet-host.env'), `FLEET_HOST=${o.name}\nFLEET_SHARED=${o.shared}\n`);
  const agent = startAgentProcess(registration, { cwd: registration.dir });
  return { name: o.name, dir: registration.dir, registration, agent };
}

function fleetOf(parts: Pick<Fleet, 'name' | 'server' | 's3' | 'admin' | 'hosts' | 'shared'>): Fleet {
  const { name, server, s3, admin, hosts, shared } = parts;
  let uploads = 0;
  const agentOutput = () => hosts.map((h) => `--- ${h.name}\n${h.agent.output().slice(-3000)}`).join('\n');
  const deployment = async (deploymentId: string) => (await admin.send(new GetDeploymentCommand({ deploymentId }))).deploymentInfo!;
  const waitFor: Fleet['waitFor'] = async (deploymentId, done, timeoutMs = 120_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const info = await deployment(deploymentId);
      if (done(info)) return info;
      if (Date.now() > deadline) throw new Error(`deployment ${deploymentId} is ${info.status}: ${JSON.stringify(info.errorInformation)}\n${agentOutput()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return {
    ...parts, deployment, waitFor, agentOutput,
    host: (hostName) => hosts.find((h) => h.name === hostName) ?? assertNever(`no host ${hostName}`),
    async givenGroup(groupName, input = {}) {
      await admin.send(new CreateDeploymentGroupCommand({
        applicationName: name, deploymentGroupName: groupName, serviceRoleArn: 'arn:aws:iam::123456789012:role/cutover',
        onPremisesInstanceTagFilters: [{ Key: 'fleet', Value: name, Type: 'KEY_AND_VALUE' }], ...input,
      }));
    },
    async deploy(groupName, files, options = {}) {
      return this.deployBundle(groupName, await buildTgzBundle(files), options);
    },
    async deployBundle(groupName, body, options = {}) {
      const bundleType = options.bundleType ?? 'tgz';
      const key = `${name}/${groupName}-${++uploads}.${bundleType}`;
      const { eTag } = await s3.putObject(BUCKET, key, body);
      const { deploymentId } = await admin.send(new CreateDeploymentCommand({
        applicationName: name, deploymentGroupName: groupName, deploymentConfigName: options.deploymentConfigName,
        revision: { revisionType: 'S3', s3Location: { bucket: BUCKET, key, bundleType, eTag } },
      }));
      return deploymentId!;
    },
    waitForEnd: (deploymentId, timeoutMs) => waitFor(deploymentId, (info) => FINAL.includes(info.status!), timeoutMs),
    targets: (deploymentId) => targetsOf(admin, deploymentId),
    readHostFile(hostName, path) {
      try {
        return readFileSync(join(this.host(hostName).dir, path), 'utf8');
      } catch {
        return undefined;
      }
    },
    async close() {
      await Promise.all(hosts.map((h) => h.agent.stop('SIGKILL')));
      await Promise.all([server.destroy(), s3.close()]);
      for (const h of hosts) h.registration.remove();
      rmSync(shared, { recursive: true, force: true });
    },
  };
}

/** A bundle directory on disk (e.g. a fixture) as bundle files, modes kept. */
export function filesOfDir(dir: string): BundleFiles {
  const files: BundleFiles = {};
  for (const path of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const stat = statSync(join(dir, path));
    if (stat.isFile()) files[path] = { content: readFileSync(join(dir, path), 'utf8'), mode: stat.mode & 0o777 };
  }
  return files;
}

async function targetsOf(admin: CodeDeployClient, deploymentId: string): Promise<InstanceTarget[]> {
  const ids: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await admin.send(new ListDeploymentTargetsCommand({ deploymentId, nextToken }));
    ids.push(...(page.targetIds ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  const targets: InstanceTarget[] = [];
  for (let i = 0; i < ids.length; i += 25) {
    const { deploymentTargets } = await admin.send(new BatchGetDeploymentTargetsCommand({ deploymentId, targetIds: ids.slice(i, i + 25) }));
    targets.push(...(deploymentTargets ?? []).map((t) => t.instanceTarget!));
  }
  return targets.sort((a, b) => (a.targetId! < b.targetId! ? -1 : 1));
}

function assertNever(message: string): never {
  throw new Error(message);
}
