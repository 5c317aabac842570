// bench/deploy: how fast deployments run and what idle hosts cost the server.
//
//   npm run bench:deploy                      defaults: 200-host fleet, 1,000 idle hosts
//   npm run bench:deploy -- --fleet 100 --idle 500 --idle-seconds 10
//
// A `cutover server` child process on SQLite serves simulated agents (bench/lib/simulated-agent.ts)
// that speak the host-command protocol over real HTTP and succeed at once, so the figures are
// the server's: engine passes, long polls, specification signing. One more measure deploys to a
// real `cutover agent` process with a bundle in S3 (bench/lib/real-agent.ts). See bench/README.md.
import {
  AddTagsToOnPremisesInstancesCommand, CreateApplicationCommand, CreateDeploymentCommand, CreateDeploymentGroupCommand,
  GetDeploymentCommand, RegisterOnPremisesInstanceCommand, type CodeDeployClient,
} from '@aws-sdk/client-codedeploy';
import { parseArgs } from 'node:util';
import { codeDeployClient } from '../test/support/sdk.ts';
import { startServerProcess, type ServerProcess } from '../test/support/server-process.ts';
import { cpuSeconds, cpuShareDuring, peakRssMb } from './lib/process-stats.ts';
import { oneHostRealAgent } from './lib/real-agent.ts';
import { SimulatedAgent } from '../test/support/simulated-agent.ts';

const TARGETS = { oneHostMs: 1000, allAtOnce200Ms: 10_000, idleCpuShare: 0.2 } as const;
const REVISION = { revisionType: 'S3' as const, s3Location: { bucket: 'bench', key: 'app.zip', bundleType: 'zip' as const } };

const { values: args } = parseArgs({ options: {
  fleet: { type: 'string', default: '200' }, idle: { type: 'string', default: '1000' },
  'idle-seconds': { type: 'string', default: '20' }, 'one-host-runs': { type: 'string', default: '5' },
  'real-agent-runs': { type: 'string', default: '5' },
  profile: { type: 'string' },
} });

interface Bench {
  server: ServerProcess;
  client: CodeDeployClient;
  agents: Map<string, SimulatedAgent>;
}

async function main(): Promise<void> {
  const server = await startServerProcess({
    dialect: 'sqlite', env: { CUTOVER_POLL_WAIT: '20', CUTOVER_LOG_LEVEL: 'warn' },
    nodeArgs: args.profile ? ['--cpu-prof', `--cpu-prof-dir=${args.profile}`] : [],
  });
  const bench: Bench = { server, client: codeDeployClient(server.url, server.credentials), agents: new Map() };
  try {
    await bench.client.send(new CreateApplicationCommand({ applicationName: 'bench' }));
    const results = {
      oneHost: await oneHost(bench, Number(args['one-host-runs'])),
      oneHostRealAgent: await oneHostRealAgent({ server, client: bench.client, applicationName: 'bench', runs: Number(args['real-agent-runs']) }),
      allAtOnce: await fleetDeployment(bench, 'all-at-once', Number(args.fleet), 'CodeDeployDefault.AllAtOnce'),
      oneAtATime: await fleetDeployment(bench, 'one-at-a-time', 20, 'CodeDeployDefault.OneAtATime'),
      idle: await idleHosts(bench, Number(args.idle), Number(args['idle-seconds'])),
      serverPeakRssMb: Math.round(peakRssMb(server.process.pid!)),
    };
    await Promise.all([...bench.agents.values()].map((a) => a.stop()));
    printReport(results);
  } finally {
    await Promise.race([Promise.all([...bench.agents.values()].map((a) => a.stop())), new Promise((r) => setTimeout(r, 25_000))]);
    await server.destroy();
  }
}

/** Median CreateDeployment → Succeeded over `runs` deployments to one host. */
async function oneHost(bench: Bench, runs: number) {
  await givenHosts(bench, 'single', 1);
  await givenGroup(bench, 'single', 'CodeDeployDefault.OneAtATime');
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await deployAndWait(bench, 'single')).ms);
  times.sort((a, b) => a - b);
  return { runs, medianMs: times[Math.floor(times.length / 2)]!, maxMs: times.at(-1)! };
}

/** One deployment over `size` hosts under `config`: wall time and server CPU. */
async function fleetDeployment(bench: Bench, name: string, size: number, config: string) {
  await givenHosts(bench, name, size);
  await givenGroup(bench, name, config);
  const pid = bench.server.process.pid!;
  const cpuBefore = cpuSeconds(pid);
  const { ms, status } = await deployAndWait(bench, name);
  return { hosts: size, config, status, ms, serverCpuSeconds: +(cpuSeconds(pid) - cpuBefore).toFixed(2) };
}

/** Server CPU while `count` hosts long-poll with nothing to do. */
async function idleHosts(bench: Bench, count: number, seconds: number) {
  await givenHosts(bench, 'idle', Math.max(0, count - bench.agents.size));
  await new Promise((r) => setTimeout(r, 3000));
  const { share } = await cpuShareDuring(bench.server.process.pid!, () => new Promise((r) => setTimeout(r, seconds * 1000)));
  const errors = [...bench.agents.values()].reduce((n, a) => n + a.errors, 0);
  return { hosts: bench.agents.size, seconds, serverCpuShareOfOneCore: +share.toFixed(3), agentErrors: errors };
}

async function givenHosts(bench: Bench, fleet: string, count: number): Promise<void> {
  const names = Array.from({ length: count }, (_, i) => `${fleet}-${String(i).padStart(4, '0')}`);
  for (let i = 0; i < names.length; i += 25) {
    const batch = names.slice(i, i + 25);
    await Promise.all(batch.map((instanceName) => bench.client.send(new RegisterOnPremisesInstanceCommand({
      instanceName, iamUserArn: `arn:aws:iam::123456789012:user/${instanceName}`,
    }))));
    await bench.client.send(new AddTagsToOnPremisesInstancesCommand({ instanceNames: batch, tags: [{ Key: 'fleet', Value: fleet }] }));
  }
  for (const name of names) {
    const agent = new SimulatedAgent({ endpoint: bench.server.url, credentials: bench.server.credentials, hostIdentifier: `arn:aws:iam::123456789012:user/${name}` });
    agent.start();
    bench.agents.set(name, agent);
  }
}

async function givenGroup(bench: Bench, fleet: string, config: string): Promise<void> {
  await bench.client.send(new CreateDeploymentGroupCommand({
    applicationName: 'bench', deploymentGroupName: fleet, deploymentConfigName: config,
    serviceRoleArn: 'arn:aws:iam::123456789012:role/bench',
    onPremisesInstanceTagFilters: [{ Key: 'fleet', Value: fleet, Type: 'KEY_AND_VALUE' }],
  }));
}

async function deployAndWait(bench: Bench, group: string): Promise<{ ms: number; status: string }> {
  const start = performance.now();
  const { deploymentId } = await bench.client.send(new CreateDeploymentCommand({ applicationName: 'bench', deploymentGroupName: group, revision: REVISION }));
  for (;;) {
    const { deploymentInfo } = await bench.client.send(new GetDeploymentCommand({ deploymentId }));
    if (['Succeeded', 'Failed', 'Stopped'].includes(deploymentInfo!.status!)) {
      return { ms: Math.round(performance.now() - start), status: deploymentInfo!.status! };
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

function printReport(results: Record<string, any>): void {
  const rows = [
    ['one host, CreateDeployment → Succeeded (median)', `${results.oneHost.medianMs} ms`, `< ${TARGETS.oneHostMs} ms`, results.oneHost.medianMs / TARGETS.oneHostMs],
    ['one host, real cutover agent, trivial hooks (median)', realAgentValue(results.oneHostRealAgent), `< ${TARGETS.oneHostMs} ms`,
      results.oneHostRealAgent.failed ? NaN : results.oneHostRealAgent.medianMs / TARGETS.oneHostMs],
    [`AllAtOnce over ${results.allAtOnce.hosts} hosts`, `${results.allAtOnce.ms} ms (${results.allAtOnce.status})`, `< ${TARGETS.allAtOnce200Ms} ms`, results.allAtOnce.ms / TARGETS.allAtOnce200Ms],
    ['OneAtATime over 20 hosts', `${results.oneAtATime.ms} ms (${results.oneAtATime.status})`, '-', NaN],
    [`${results.idle.hosts} idle long-polling hosts`, `${(results.idle.serverCpuShareOfOneCore * 100).toFixed(1)} % of a core`, `< ${TARGETS.idleCpuShare * 100} %`, results.idle.serverCpuShareOfOneCore / TARGETS.idleCpuShare],
    ['server peak RSS', `${results.serverPeakRssMb} MB`, '-', NaN],
  ];
  console.log('\nmeasure                                              value                  target        ratio to target');
  for (const [name, value, target, ratio] of rows) {
    console.log(`${String(name).padEnd(52)} ${String(value).padEnd(22)} ${String(target).padEnd(13)} ${Number.isNaN(ratio) ? '' : (ratio as number).toFixed(2)}`);
  }
  console.log(`\n${JSON.stringify(results, null, 2)}`);
}

function realAgentValue(result: { medianMs: number; failed?: string }): string {
  return result.failed ? `failed (${result.failed.split('\n')[0]})` : `${result.medianMs} ms`;
}

await main();
