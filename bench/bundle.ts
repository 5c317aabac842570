// bench/bundle: memory of the server and the agent while a big bundle goes through the embedded
// bundle store.
//
//   npm run bench:bundle                      defaults: a 200 MB bundle
//   npm run bench:bundle -- --mb 50
//
// A `cutover server` child process (SQLite) and one real `cutover agent` whose config names no S3
// endpoint (so it downloads from the server). A zip of random, incompressible bytes is uploaded
// in 8 MiB parts with the SDK's multipart Upload, then deployed to the agent. Peak RSS (VmHWM) of
// both processes is read from /proc before (idle) and after. Target: under 300 MB each.
import { createReadStream, createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CreateApplicationCommand, CreateDeploymentCommand, CreateDeploymentGroupCommand, GetDeploymentCommand } from '@aws-sdk/client-codedeploy';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { ZipFile } from 'yazl';
import { registerAgentHost, startAgentProcess } from '../test/support/agent-process.ts';
import { codeDeployClient } from '../test/support/sdk.ts';
import { startServerProcess } from '../test/support/server-process.ts';
import { peakRssMb } from './lib/process-stats.ts';

const TARGET_RSS_MB = 300;
const { values: args } = parseArgs({ options: { mb: { type: 'string', default: '200' } } });

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'cutover-bench-bundle-'));
  const server = await startServerProcess({ dialect: 'sqlite', env: { CUTOVER_POLL_WAIT: '5', CUTOVER_LOG_LEVEL: 'warn' } });
  const host = await registerAgentHost(server, { instanceName: 'bundle-bench-1', tags: [{ Key: 'bench', Value: 'bundle' }] });
  const agent = startAgentProcess(host, { cwd: host.dir });
  try {
    const bundle = await buildBundle(work, Number(args.mb), join(host.dir, 'app'));
    await agent.waitForOutput(/cutover agent starting/, 90_000);
    const idle = { serverMb: peakRssMb(server.process.pid!), agentMb: peakRssMb(agent.process.pid!) };
    const uploadMs = await upload(server.url, server.credentials, bundle);
    const afterUploadServerMb = peakRssMb(server.process.pid!);
    const deploy = await deployBundle(server.url, server.credentials, host.dir);
    const results = {
      bundleMb: +(statSync(bundle).size / 1024 ** 2).toFixed(1), uploadMs, deployMs: deploy.ms, deploymentStatus: deploy.status,
      idle: { serverMb: round(idle.serverMb), agentMb: round(idle.agentMb) },
      peak: { serverAfterUploadMb: round(afterUploadServerMb), serverMb: round(peakRssMb(server.process.pid!)), agentMb: round(peakRssMb(agent.process.pid!)) },
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

/** A zip holding `mb` MB of random bytes (stored, not deflated: it would not shrink) and an appspec. */
async function buildBundle(work: string, mb: number, destination: string): Promise<string> {
  const payload = join(work, 'payload.bin');
  const out = createWriteStream(payload);
  for (let i = 0; i < mb; i++) if (!out.write(randomBytes(1024 ** 2))) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
  mkdirSync(join(work, 'src'));
  writeFileSync(join(work, 'src', 'appspec.yml'), `version: 0.0\nos: linux\nfiles:\n  - source: payload.bin\n    destination: ${destination}\n`);
  const zip = new ZipFile();
  zip.addFile(join(work, 'src', 'appspec.yml'), 'appspec.yml');
  zip.addFile(payload, 'payload.bin', { compress: false });
  zip.end();
  const file = join(work, 'bundle.zip');
  const written = createWriteStream(file);
  zip.outputStream.pipe(written);
  await once(written, 'finish');
  rmSync(payload);
  return file;
}

async function upload(url: string, credentials: { accessKeyId: string; secretAccessKey: string }, file: string): Promise<number> {
  const s3 = new S3Client({ endpoint: url, region: 'us-east-1', forcePathStyle: true, credentials });
  await s3.send(new CreateBucketCommand({ Bucket: 'bench-bundles' }));
  const start = performance.now();
  await new Upload({ client: s3, params: { Bucket: 'bench-bundles', Key: 'big.zip', Body: createReadStream(file) }, partSize: 8 * 1024 ** 2, queueSize: 4 }).done();
  return Math.round(performance.now() - start);
}

async function deployBundle(url: string, credentials: { accessKeyId: string; secretAccessKey: string }, hostDir: string): Promise<{ ms: number; status: string }> {
  const client = codeDeployClient(url, credentials);
  await client.send(new CreateApplicationCommand({ applicationName: 'bundle-bench' }));
  await client.send(new CreateDeploymentGroupCommand({
    applicationName: 'bundle-bench', deploymentGroupName: 'one', serviceRoleArn: 'arn:aws:iam::123456789012:role/bench',
    onPremisesInstanceTagFilters: [{ Key: 'bench', Value: 'bundle', Type: 'KEY_AND_VALUE' }],
  }));
  const start = performance.now();
  const { deploymentId } = await client.send(new CreateDeploymentCommand({
    applicationName: 'bundle-bench', deploymentGroupName: 'one',
    revision: { revisionType: 'S3', s3Location: { bucket: 'bench-bundles', key: 'big.zip', bundleType: 'zip' } },
  }));
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
    ['upload (SDK multipart, 8 MiB parts)', `${r.uploadMs} ms`, '-', ''],
    ['deployment to one real agent', `${r.deployMs} ms (${r.deploymentStatus})`, '-', ''],
    ['server peak RSS', `${r.peak.serverMb} MB (idle ${r.idle.serverMb})`, `< ${TARGET_RSS_MB} MB`, (r.peak.serverMb! / TARGET_RSS_MB).toFixed(2)],
    ['agent peak RSS', `${r.peak.agentMb} MB (idle ${r.idle.agentMb})`, `< ${TARGET_RSS_MB} MB`, (r.peak.agentMb! / TARGET_RSS_MB).toFixed(2)],
    ['server growth / bundle size', `${((r.peak.serverMb! - r.idle.serverMb!) / r.bundleMb).toFixed(3)}`, '-', ''],
    ['agent growth / bundle size', `${((r.peak.agentMb! - r.idle.agentMb!) / r.bundleMb).toFixed(3)}`, '-', ''],
  ];
  console.log('\nmeasure                                  value                          target     ratio to target');
  for (const [name, value, target, ratio] of rows) console.log(`${name.padEnd(40)} ${value.padEnd(30)} ${target.padEnd(10)} ${ratio}`);
  console.log(`\n${JSON.stringify(r, null, 2)}`);
}

function writeResults(results: object): void {
  const file = join(import.meta.dirname, 'results', `bundle-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
}

await main();
