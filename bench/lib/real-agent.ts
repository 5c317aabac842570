import { join } from 'node:path';
import {
  CreateDeploymentCommand, CreateDeploymentGroupCommand, GetDeploymentCommand, type CodeDeployClient,
} from '@aws-sdk/client-codedeploy';
import { registerAgentHost, startAgentProcess } from '../../test/support/agent-process.ts';
import { buildTgzBundle, startS3, type BundleFiles } from '../../test/support/s3.ts';
import type { ServerProcess } from '../../test/support/server-process.ts';

/** What {@link oneHostRealAgent} measured. */
export interface RealAgentResult {
  runs: number;
  medianMs: number;
  maxMs: number;
  /** Every run, in order (the first has no ApplicationStop to run). */
  allMs: number[];
  /** `moto` or `double`: where the bundle was served from. */
  s3: string;
  /** Set when a run did not succeed; the figures are then not comparable. */
  failed?: string;
}

const HOOKS = ['ApplicationStop', 'BeforeInstall', 'AfterInstall', 'ApplicationStart', 'ValidateService'];
const BUCKET = 'bench-real-agent';

/**
 * Median CreateDeployment → Succeeded over `runs` deployments to one host served by a real
 * `cutover agent` process: a tgz bundle in S3 (moto_server, or the in-process double) with one
 * file and five hooks that `exit 0`. Each run uploads nothing new: the same revision is deployed
 * again, so the agent downloads, unpacks, installs and runs every hook each time.
 */
export async function oneHostRealAgent(options: { server: ServerProcess; client: CodeDeployClient; applicationName: string; runs: number }): Promise<RealAgentResult> {
  const { server, client, applicationName } = options;
  const s3 = await startS3();
  const host = await registerAgentHost(server, { instanceName: 'real-agent-0', tags: [{ Key: 'fleet', Value: 'real-agent' }], s3 });
  const agent = startAgentProcess(host);
  try {
    await agent.waitForOutput(/cutover agent starting/);
    await s3.createBucket(BUCKET);
    const { eTag } = await s3.putObject(BUCKET, 'trivial.tgz', await buildTgzBundle(trivialBundle(join(host.dir, 'app'))));
    await client.send(new CreateDeploymentGroupCommand({
      applicationName, deploymentGroupName: 'real-agent', deploymentConfigName: 'CodeDeployDefault.OneAtATime',
      serviceRoleArn: 'arn:aws:iam::123456789012:role/bench',
      onPremisesInstanceTagFilters: [{ Key: 'fleet', Value: 'real-agent', Type: 'KEY_AND_VALUE' }],
    }));
    const revision = { revisionType: 'S3' as const, s3Location: { bucket: BUCKET, key: 'trivial.tgz', bundleType: 'tgz' as const, eTag } };
    const allMs: number[] = [];
    for (let i = 0; i < options.runs; i++) {
      const run = await timedDeployment(client, { applicationName, deploymentGroupName: 'real-agent', revision });
      if (run.status !== 'Succeeded') return { ...summary(allMs, s3.kind), failed: `run ${i + 1}: ${run.status}\n${agent.output().slice(-2000)}` };
      allMs.push(run.ms);
    }
    return summary(allMs, s3.kind);
  } finally {
    await agent.stop('SIGKILL');
    await s3.close();
    host.remove();
  }
}

function trivialBundle(destination: string): BundleFiles {
  const appspec = ['version: 0.0', 'os: linux', 'files:', '  - source: app', `    destination: ${destination}`, 'hooks:',
    ...HOOKS.map((hook) => `  ${hook}:\n    - location: scripts/ok.sh\n      timeout: 30`)].join('\n');
  return { 'appspec.yml': `${appspec}\n`, 'app/index.html': 'bench\n', 'scripts/ok.sh': { content: '#!/bin/sh\nexit 0\n', mode: 0o755 } };
}

async function timedDeployment(client: CodeDeployClient, input: ConstructorParameters<typeof CreateDeploymentCommand>[0]): Promise<{ ms: number; status: string }> {
  const start = performance.now();
  const { deploymentId } = await client.send(new CreateDeploymentCommand(input));
  for (;;) {
    const { deploymentInfo } = await client.send(new GetDeploymentCommand({ deploymentId }));
    if (['Succeeded', 'Failed', 'Stopped'].includes(deploymentInfo!.status!)) return { ms: Math.round(performance.now() - start), status: deploymentInfo!.status! };
    await new Promise((r) => setTimeout(r, 20));
  }
}

function summary(allMs: number[], s3: string): RealAgentResult {
  const sorted = [...allMs].sort((a, b) => a - b);
  return { runs: allMs.length, medianMs: sorted[Math.floor(sorted.length / 2)] ?? NaN, maxMs: sorted.at(-1) ?? NaN, allMs, s3 };
}
