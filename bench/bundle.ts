// bench/bundle: memory of the server and the agent while a big bundle goes through the embedded
// bundle store.
//
//   npm run bench:bundle                      defaults: a 200 MB bundle
//   npm run bench:bundle -- --mb 50
//
// A `cutover server` child process (SQLite) and one real `cutover agent` whose config names no S3
// endpoint (so it downloads from the server). A folder holding random, incompressible bytes and an
// appspec is shipped with `cutover push` (streamed zip, multipart upload), then deployed to the
// agent. Peak RSS (VmHWM) of the server and the agent is read from /proc before (idle) and after,
// and the CLI's from GNU time. Target: under 300 MB each.
import { execFile } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  CreateApplicationCommand, CreateDeploymentCommand, CreateDeploymentGroupCommand, GetDeploymentCommand, ListApplicationRevisionsCommand,
  type CodeDeployClient,
} from '@aws-sdk/client-codedeploy';
import { registerAgentHost, startAgentProcess } from '../test/support/agent-process.ts';
import { codeDeployClient } from '../test/support/sdk.ts';
import { startServerProcess, type ServerProcess } from '../test/support/server-process.ts';
import { peakRssMb } from './lib/process-stats.ts';

const TARGET_RSS_MB = 300;
const { values: args } = parseArgs({ options: { mb: { type: 'string', default: '200' } } });

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'cutover-bench-bundle-'));
  const server = await startServerProcess({ dialect: 'sqlite', env: { CUTOVER_POLL_WAIT: '5', CUTOVER_LOG_LEVEL: 'warn' } });
  const host = await registerAgentHost(server, { instanceName: 'bundle-bench-1', tags: [{ Key: 'bench', Value: 'bundle' }] });
  const agent = startAgentProcess(host, { cwd: host.dir });
  try {
    const source = await buildSource(work, Number(args.mb), join(host.dir, 'app'));
    await agent.waitForOutput(/cutover agent starting/, 90_000);
    const client = codeDeployClient(server.url, server.credentials);
    await createGroup(client);
    const idle = { serverMb: peakRssMb(server.process.pid!), agentMb: peakRssMb(agent.process.pid!) };
    const push = await pushWithCli(server, source);
    const afterUploadServerMb = peakRssMb(server.process.pid!);
    const deploy = await deployLastPush(client, host.dir);
    const results = {
      bundleMb: +(statSync(join(source, 'payload.bin')).size / 1024 ** 2).toFixed(1), uploadMs: push.ms, deployMs: deploy.ms, deploymentStatus: deploy.status,
      idle: { serverMb: round(idle.serverMb), agentMb: round(idle.agentMb) },
      peak: { cliMb: round(push.peakMb), serverAfterUploadMb: round(afterUploadServerMb), serverMb: round(peakRssMb(server.process.pid!)), agentMb: round(peakRssMb(agent.process.pid!)) },
    };
    printReport(results);
    writeResults(results);
  } finally {
    await agent.stop('SIGKILL');
    host.remove();
    await server.destroy();
    rmSync(work, { recursive: true, force: true });
  }
}

/** A folder to push: `mb` MB of random bytes (incompressible) and an appspec that installs them. */
async function buildSource(work: string, mb: number, destination: string): Promise<string> {
  const source = join(work, 'src');
  mkdirSync(source);
  const out = createWriteStream(join(source, 'payload.bin'));
  for (let i = 0; i < mb; i++) if (!out.write(randomBytes(1024 ** 2))) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
  writeFileSync(join(source, 'appspec.yml'), `version: 0.0\nos: linux\nfiles:\n  - source: payload.bin\n    destination: ${destination}\n`);
  return source;
}

async function createGroup(client: CodeDeployClient): Promise<void> {
  await client.send(new CreateApplicationCommand({ applicationName: 'bundle-bench' }));
  await client.send(new CreateDeploymentGroupCommand({
    applicationName: 'bundle-bench', deploymentGroupName: 'one', serviceRoleArn: 'arn:aws:iam::123456789012:role/bench',
    onPremisesInstanceTagFilters: [{ Key: 'bench', Value: 'bundle', Type: 'KEY_AND_VALUE' }],
  }));
}

/** Runs `cutover push` under GNU time, which reports the process's peak RSS in KB. */
function pushWithCli(server: ServerProcess, source: string): Promise<{ ms: number; peakMb: number }> {
  const cutover = join(import.meta.dirname, '..', 'bin', 'cutover');
  const start = performance.now();
  return new Promise((resolve, reject) => {
    execFile('/usr/bin/time', ['-f', 'peak-rss-kb=%M', cutover, 'push', '--application-name', 'bundle-bench', '--source', source, '--endpoint-url', server.url], {
      env: { ...process.env, AWS_SHARED_CREDENTIALS_FILE: server.credentialsFile, AWS_CONFIG_FILE: '/dev/null', AWS_PROFILE: '' },
    }, (error, _stdout, stderr) => {
      const kb = stderr.match(/peak-rss-kb=(\d+)/)?.[1];
      if (error || !kb) return reject(new Error(`cutover push failed: ${stderr}`));
      resolve({ ms: Math.round(performance.now() - start), peakMb: Number(kb) / 1024 });
    });
  });
}

async function deployLastPush(client: CodeDeployClient, hostDir: string): Promise<{ ms: number; status: string }> {
  const { revisions } = await client.send(new ListApplicationRevisionsCommand({ applicationName: 'bundle-bench', sortBy: 'registerTime', sortOrder: 'descending' }));
  const start = performance.now();
  const { deploymentId } = await client.send(new CreateDeploymentCommand({ applicationName: 'bundle-bench', deploymentGroupName: 'one', revision: revisions![0] }));
  for (;;) {
    const info = (await client.send(new GetDeploymentCommand({ deploymentId }))).deploymentInfo!;
    if (['Succeeded', 'Failed', 'Stopped'].includes(info.status!)) {
      const installed = info.status === 'Succeeded' ? statSync(join(hostDir, 'app', 'payload.bin')).size : 0;
      return { ms: Math.round(performance.now() - start), status: `${info.status}${installed ? '' : ` ${JSON.stringify(info.errorInformation)}`}` };
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

function round(mb: number): number {
  return Math.round(mb);
}

function printReport(r: { bundleMb: number; uploadMs: number; deployMs: number; deploymentStatus: string; idle: Record<string, number>; peak: Record<string, number> }): void {
  const rows: [string, string, string, string][] = [
    ['bundle', `${r.bundleMb} MB`, '-', ''],
    ['cutover push (zip, multipart upload, register)', `${r.uploadMs} ms`, '-', ''],
    ['deployment to one real agent', `${r.deployMs} ms (${r.deploymentStatus})`, '-', ''],
    ['cutover push peak RSS', `${r.peak.cliMb} MB`, `< ${TARGET_RSS_MB} MB`, (r.peak.cliMb! / TARGET_RSS_MB).toFixed(2)],
    ['server peak RSS', `${r.peak.serverMb} MB (idle ${r.idle.serverMb})`, `< ${TARGET_RSS_MB} MB`, (r.peak.serverMb! / TARGET_RSS_MB).toFixed(2)],
    ['agent peak RSS', `${r.peak.agentMb} MB (idle ${r.idle.agentMb})`, `< ${TARGET_RSS_MB} MB`, (r.peak.agentMb! / TARGET_RSS_MB).toFixed(2)],
    ['server growth / bundle size', `${((r.peak.serverMb! - r.idle.serverMb!) / r.bundleMb).toFixed(3)}`, '-', ''],
    ['agent growth / bundle size', `${((r.peak.agentMb! - r.idle.agentMb!) / r.bundleMb).toFixed(3)}`, '-', ''],
  ];
  console.log('\nmeasure                                          value                          target     ratio to target');
  for (const [name, value, target, ratio] of rows) console.log(`${name.padEnd(48)} ${value.padEnd(30)} ${target.padEnd(10)} ${ratio}`);
  console.log(`\n${JSON.stringify(r, null, 2)}`);
}

function writeResults(results: object): void {
  const file = join(import.meta.dirname, 'results', `bundle-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
}

await main();
