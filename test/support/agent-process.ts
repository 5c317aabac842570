import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AddTagsToOnPremisesInstancesCommand, RegisterOnPremisesInstanceCommand } from '@aws-sdk/client-codedeploy';
import { stringify } from 'yaml';
import { SYSTEM_CLOCK } from '../../src/core/clock.ts';
import { loadSecretKey } from '../../src/bin/data-dir.ts';
import { openDatabase } from '../../src/store/db.ts';
import { SecretBox } from '../../src/store/secret-box.ts';
import { createStore } from '../../src/store/store.ts';
import type { TestS3 } from './s3.ts';
import { codeDeployClient } from './sdk.ts';
import type { Credentials } from './server-process.ts';

const REPO = resolve(import.meta.dirname, '..', '..');

/** The server an agent talks to: a `startServerProcess` result fits. */
export interface AgentServer {
  url: string;
  dataDir: string;
  databaseUrl: string;
  credentials: Credentials;
}

/** A registered on-premises host with an agent key and a config file, ready for `cutover agent`. */
export interface AgentHost {
  instanceName: string;
  hostIdentifier: string;
  /** The agent key (role `agent`, bound to this instance). */
  credentials: Credentials;
  /** The host's own temporary directory; `rootDir` and the config file are inside it. */
  dir: string;
  rootDir: string;
  configFile: string;
  /** Deletes the host's directory. */
  remove(): void;
}

/** Options of {@link registerAgentHost}. */
export interface AgentHostOptions {
  instanceName: string;
  /** Tags put on the instance, so deployment groups can select it. */
  tags?: { Key: string; Value: string }[];
  /** Where bundles live; its endpoint and keys go into the agent's config. */
  s3?: TestS3;
  /** Extra or overriding keys of the agent config file. */
  config?: Record<string, unknown>;
}

/**
 * Registers an on-premises instance (IAM user ARN `arn:aws:iam::123456789012:user/<name>`) on
 * the server, tags it, creates its `agent` key directly in the server's store (as `cutover keys
 * create --role agent` would, without the process start), and writes an agent config file in a
 * fresh temporary directory: fast backoff for tests, and the server's signing certificate.
 */
export async function registerAgentHost(server: AgentServer, options: AgentHostOptions): Promise<AgentHost> {
  const { instanceName } = options;
  const hostIdentifier = `arn:aws:iam::123456789012:user/${instanceName}`;
  const admin = codeDeployClient(server.url, server.credentials);
  await admin.send(new RegisterOnPremisesInstanceCommand({ instanceName, iamUserArn: hostIdentifier }));
  if (options.tags?.length) await admin.send(new AddTagsToOnPremisesInstancesCommand({ instanceNames: [instanceName], tags: options.tags }));
  const credentials = await createAgentKey(server, instanceName);
  const dir = mkdtempSync(join(tmpdir(), `cutover-agent-${instanceName}-`));
  const rootDir = join(dir, 'deployment-root');
  const configFile = join(dir, 'agent.yml');
  writeFileSync(configFile, stringify({
    endpoint: server.url, region: 'us-east-1', host_identifier: hostIdentifier,
    access_key_id: credentials.accessKeyId, secret_access_key: credentials.secretAccessKey,
    root_dir: rootDir, specification_certificate: join(server.dataDir, 'spec-signing.crt'),
    poll_backoff: { initial_seconds: 0.2, max_seconds: 1 },
    ...(options.s3 ? {
      s3_endpoint: options.s3.endpoint, s3_region: options.s3.region,
      s3_access_key_id: options.s3.credentials.accessKeyId, s3_secret_access_key: options.s3.credentials.secretAccessKey,
    } : {}),
    ...options.config,
  }));
  return { instanceName, hostIdentifier, credentials, dir, rootDir, configFile, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

async function createAgentKey(server: AgentServer, instanceName: string): Promise<Credentials> {
  const { db, dialect } = await openDatabase({ dataDir: server.dataDir, databaseUrl: server.databaseUrl });
  try {
    const store = createStore({ db, dialect, clock: SYSTEM_CLOCK, secretBox: new SecretBox({ key: loadSecretKey(server.dataDir) }) });
    const key = await store.accessKeys.create({ role: 'agent', instanceName, description: `agent key of ${instanceName}` });
    return { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey };
  } finally {
    await db.destroy();
  }
}

/** A `cutover agent` running as a real child process. */
export interface AgentProcess {
  process: ChildProcess;
  /** Output so far (the JSON log lines on stderr, and stdout). */
  output(): string;
  /** Resolves when the output matches `pattern`; rejects after `timeoutMs` or if the agent exits. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Sends a signal and waits for the exit; returns the exit code (null when killed by a signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `cutover agent --config <host.configFile>` (node + tsx directly, so the pid is the agent's). */
export function startAgentProcess(host: Pick<AgentHost, 'configFile'>, options: { env?: Record<string, string>; args?: string[]; cwd?: string } = {}): AgentProcess {
  const args = options.args ?? ['--config', host.configFile];
  // tsx by its resolved URL, so that the agent may run in any working directory (`cwd`: where
  // relative appspec destinations resolve and hooks run, as with the official agent).
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), join(REPO, 'src/bin/cli.ts'), 'agent', ...args], {
    cwd: options.cwd ?? REPO, env: { ...process.env, CUTOVER_LOG_LEVEL: 'info', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c) => (output += c));
  child.stderr!.on('data', (c) => (output += c));
  const exited = new Promise<number | null>((resolvePromise) => child.once('exit', (code) => resolvePromise(code)));
  return {
    process: child,
    output: () => output,
    async waitForOutput(pattern, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(output)) {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`agent exited (${child.exitCode ?? child.signalCode}) before printing ${pattern}:\n${output}`);
        if (Date.now() > deadline) throw new Error(`agent did not print ${pattern} within ${timeoutMs} ms:\n${output}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** The full script logs the agent uploaded for a deployment, read from the server's store. */
export async function readCommandLogs(server: AgentServer, deploymentId: string): Promise<{ instanceName: string; commandName: string; log: string }[]> {
  const { db, dialect } = await openDatabase({ dataDir: server.dataDir, databaseUrl: server.databaseUrl });
  try {
    const store = createStore({ db, dialect, clock: SYSTEM_CLOCK, secretBox: new SecretBox({ key: loadSecretKey(server.dataDir) }) });
    return await store.hostCommands.logs(deploymentId);
  } finally {
    await db.destroy();
  }
}
