import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  AddTagsToOnPremisesInstancesCommand, BatchGetDeploymentTargetsCommand, CreateApplicationCommand, CreateDeploymentCommand,
  CreateDeploymentGroupCommand, GetDeploymentCommand, ListDeploymentTargetsCommand, RegisterOnPremisesInstanceCommand,
  type CodeDeployClient, type CreateDeploymentGroupInput, type CreateDeploymentInput, type DeploymentInfo, type DeploymentTarget,
} from '@aws-sdk/client-codedeploy';
import { ProxyRouter } from '../../../src/engine/traffic/proxy-router.ts';
import type { DialectName } from '../../../src/store/db.ts';
import { startTestBackend, type TestBackend } from '../../support/load-generator.ts';
import { startProxyProcess, type ProxyProcess } from '../../support/proxy-process.ts';
import { codeDeployClient } from '../../support/sdk.ts';
import { startServerProcess, type ServerProcess } from '../../support/server-process.ts';
import { SimulatedAgent } from '../../support/simulated-agent.ts';

/** Health checks fast enough for tests: healthy after two 0.2 s checks. */
const HEALTH = { path: '/', intervalSeconds: 0.2, timeoutSeconds: 1, healthyThreshold: 2, unhealthyThreshold: 2 };

/** The time scale of rig servers: a deployment "minute" lasts one second. */
export const TIME_SCALE = 60;

/** What a rig's server is started with besides the router. */
export interface RigOptions {
  dialect: DialectName;
  /** Seconds AllowTraffic waits for healthy (default 8). */
  healthTimeout?: number;
  env?: Record<string, string>;
  /** Point the server at this admin URL instead of the rig's proxy (failure cases). */
  adminUrl?: string;
  /** Give the server this token file instead of the proxy's (failure cases). */
  tokenFile?: string;
}

/**
 * A real `cutover server` process driving a real `cutover proxy` process through its admin API
 * (`--traffic-router proxy`), with simulated agents on the hosts (every hook succeeds) and tiny
 * HTTP backends as the hosts' applications, addressed by `cutover:address` tags.
 */
export class TrafficRig {
  readonly proxy: ProxyProcess;
  server: ServerProcess;
  client: CodeDeployClient;
  readonly router: ProxyRouter;
  readonly #env: Record<string, string>;
  /** The first server process: it owns the data directory and the database. */
  readonly #first: ServerProcess;
  readonly #agents: SimulatedAgent[] = [];
  readonly #backends: TestBackend[] = [];

  private constructor(proxy: ProxyProcess, server: ServerProcess, env: Record<string, string>) {
    this.proxy = proxy;
    this.server = server;
    this.#env = env;
    this.#first = server;
    this.client = codeDeployClient(server.url, server.credentials);
    this.router = new ProxyRouter({ adminUrl: proxy.adminUrl, token: proxy.adminToken });
  }

  /** Starts a proxy and a server using it. */
  static async start(options: RigOptions): Promise<TrafficRig> {
    const proxy = await startProxyProcess({ drainTimeoutSeconds: 1 });
    try {
      const env = {
        CUTOVER_POLL_WAIT: '1', CUTOVER_REDELIVER_AFTER: '2', CUTOVER_TRAFFIC_ROUTER: 'proxy',
        CUTOVER_PROXY_ADMIN_URL: options.adminUrl ?? proxy.adminUrl,
        CUTOVER_PROXY_ADMIN_TOKEN_FILE: options.tokenFile ?? join(proxy.dataDir, 'admin-token'),
        CUTOVER_TIME_SCALE: String(TIME_SCALE), CUTOVER_TRAFFIC_HEALTH_TIMEOUT: String(options.healthTimeout ?? 8),
        ...options.env,
      };
      const server = await startServerProcess({ dialect: options.dialect, env });
      return new TrafficRig(proxy, server, env);
    } catch (error) {
      await proxy.stop();
      throw error;
    }
  }

  /** Kills the server with SIGKILL and starts it again on the same data; agents follow it. */
  async crashAndRestart(): Promise<void> {
    const { dataDir, databaseUrl } = this.server;
    await this.server.stop('SIGKILL');
    this.server = await startServerProcess({ dataDir, databaseUrl, env: this.#env });
    this.client = codeDeployClient(this.server.url, this.server.credentials);
    for (const agent of this.#agents) agent.endpoint = this.server.url;
  }

  async close(): Promise<void> {
    await Promise.all(this.#agents.map((a) => a.stop()));
    await Promise.all(this.#backends.map((b) => b.close()));
    await this.server.stop('SIGTERM');
    await this.#first.destroy();
    await this.proxy.stop();
  }

  /** The simulated agent of a host, by instance name. */
  agent(name: string): SimulatedAgent {
    return this.#agents.find((a) => a.hostIdentifier === arnOf(name))!;
  }

  /** Creates target groups and a listener sending all traffic to the first group; returns its port. */
  async loadBalancer(listener: string, groups: string[]): Promise<number> {
    for (const group of groups) await this.admin('PUT', `/v1/target-groups/${group}`, { healthCheck: HEALTH, deregistrationDelaySeconds: 1 });
    const created = await this.admin('PUT', `/v1/listeners/${listener}`, {
      port: 0, host: '127.0.0.1', defaultAction: { forward: { targetGroups: groups.map((name, i) => ({ name, weight: i === 0 ? 100 : 0 })) } },
    }) as { port: number };
    return created.port;
  }

  /**
   * Registers hosts tagged `fleet=<fleet>`, each with a backend answering its name and a
   * simulated agent; `address` overrides the `cutover:address` tag (`null`: no tag at all).
   */
  async hosts(fleet: string, names: string[], address?: (name: string) => string | null): Promise<Map<string, TestBackend>> {
    const backends = new Map<string, TestBackend>();
    for (const name of names) {
      const backend = await startTestBackend(name);
      this.#backends.push(backend);
      backends.set(name, backend);
      await this.client.send(new RegisterOnPremisesInstanceCommand({ instanceName: name, iamUserArn: arnOf(name) }));
      const tagged = address ? address(name) : backend.address;
      const tags = [{ Key: 'fleet', Value: fleet }, ...(tagged === null ? [] : [{ Key: 'cutover:address', Value: tagged }])];
      await this.client.send(new AddTagsToOnPremisesInstancesCommand({ instanceNames: [name], tags }));
      const agent = new SimulatedAgent({ endpoint: this.server.url, credentials: this.server.credentials, hostIdentifier: arnOf(name) });
      agent.start();
      this.#agents.push(agent);
    }
    return backends;
  }

  /** An application and a group over the hosts tagged `fleet=<fleet>`. */
  async group(app: string, fleet: string, input: Partial<CreateDeploymentGroupInput>): Promise<void> {
    await this.client.send(new CreateApplicationCommand({ applicationName: app }));
    await this.client.send(new CreateDeploymentGroupCommand({
      applicationName: app, deploymentGroupName: 'prod', serviceRoleArn: 'arn:aws:iam::123456789012:role/cutover',
      onPremisesInstanceTagFilters: [{ Key: 'fleet', Value: fleet, Type: 'KEY_AND_VALUE' }], ...input,
    }));
  }

  async deploy(app: string, input: Partial<CreateDeploymentInput> = {}): Promise<string> {
    const { deploymentId } = await this.client.send(new CreateDeploymentCommand({
      applicationName: app, deploymentGroupName: 'prod', revision: { revisionType: 'S3', s3Location: { bucket: 'b', key: 'app.zip', bundleType: 'zip' } },
      ...input,
    }));
    return deploymentId!;
  }

  async deployment(deploymentId: string): Promise<DeploymentInfo> {
    return (await this.client.send(new GetDeploymentCommand({ deploymentId }))).deploymentInfo!;
  }

  /** Polls the deployment until `check` holds (default: final), within `timeoutMs`. */
  async waitFor(deploymentId: string, check: (d: DeploymentInfo) => boolean = isFinal, timeoutMs = 45_000): Promise<DeploymentInfo> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const info = await this.deployment(deploymentId);
      if (check(info)) return info;
      if (Date.now() > deadline) assert.fail(`deployment ${deploymentId} did not get there in time; it is ${info.status} ${JSON.stringify(info.errorInformation ?? {})}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Waits until `check` holds, polling every 50 ms. */
  async until(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async targets(deploymentId: string): Promise<DeploymentTarget[]> {
    const { targetIds } = await this.client.send(new ListDeploymentTargetsCommand({ deploymentId }));
    const { deploymentTargets } = await this.client.send(new BatchGetDeploymentTargetsCommand({ deploymentId, targetIds }));
    return deploymentTargets!.sort((a, b) => a.instanceTarget!.targetId!.localeCompare(b.instanceTarget!.targetId!));
  }

  /** Puts the backends into the target group (the fleet before the deployment) and waits until all are healthy. */
  async seed(group: string, backends: TestBackend[]): Promise<void> {
    await this.router.register(group, backends.map((b) => ({ instanceName: b.name, address: b.address })));
    await this.until(async () => (await this.router.describe(group)).filter((d) => d.state === 'healthy').length === backends.length, `${group} healthy`);
  }

  /** The group's members as `address=state`, sorted. */
  async members(group: string): Promise<string[]> {
    return (await this.router.describe(group)).map((d) => `${d.address}=${d.state}`).sort();
  }

  /** Target group membership by backend name (healthy members only). */
  async healthyNames(group: string, backends: Map<string, TestBackend>): Promise<string[]> {
    const byAddress = new Map([...backends.values()].map((b) => [b.address, b.name]));
    return (await this.router.describe(group)).filter((d) => d.state === 'healthy').map((d) => byAddress.get(d.address) ?? d.address).sort();
  }

  async admin(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(this.proxy.adminUrl + path, {
      method, headers: { authorization: `Bearer ${this.proxy.adminToken}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    assert.equal(response.status, 200, await response.clone().text());
    return response.json();
  }
}

export function isFinal(d: DeploymentInfo): boolean {
  return ['Succeeded', 'Failed', 'Stopped'].includes(d.status!);
}

/** `name:status` of each lifecycle event of a target. */
export function eventsOf(target: DeploymentTarget): string[] {
  return (target.instanceTarget?.lifecycleEvents ?? []).map((e) => `${e.lifecycleEventName}:${e.status}`);
}

function arnOf(host: string): string {
  return `arn:aws:iam::123456789012:user/${host}`;
}
