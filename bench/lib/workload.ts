import { randomBytes } from 'node:crypto';
import { CreateApplicationCommand, CreateDeploymentCommand, CreateDeploymentGroupCommand } from '@aws-sdk/client-codedeploy';
import { codeDeployClient } from '../../test/support/sdk.ts';
import type { LoadRequest } from './load.ts';
import type { Target } from './targets.ts';

/** What every target holds before the load starts. */
export interface Seed {
  applicationName: string;
  deploymentGroupName: string;
  deploymentId: string;
}

/** The operations the bench loads, in the order they run (writes last, so reads see the seed only). */
export const OPERATIONS = ['GetDeployment', 'ListDeployments', 'CreateApplication'] as const;

/** One of the benchmarked operations. */
export type Operation = (typeof OPERATIONS)[number];

/**
 * Creates one application, one deployment group and one deployment through the SDK: the
 * calls moto supports too, so every target holds the same data.
 */
export async function seed(target: Target): Promise<Seed> {
  const client = codeDeployClient(target.endpoint, target.credentials);
  const names = { applicationName: 'bench-app', deploymentGroupName: 'bench-group' };
  try {
    await client.send(new CreateApplicationCommand({ applicationName: names.applicationName, computePlatform: 'Server' }));
    await client.send(new CreateDeploymentGroupCommand({
      ...names,
      serviceRoleArn: 'arn:aws:iam::123456789012:role/bench-deployer',
      ec2TagFilters: [{ Key: 'role', Value: 'bench', Type: 'KEY_AND_VALUE' }],
    }));
    const out = await client.send(new CreateDeploymentCommand({
      ...names,
      revision: { revisionType: 'S3', s3Location: { bucket: 'bench-bundles', key: 'app.zip', bundleType: 'zip' } },
    }));
    return { ...names, deploymentId: out.deploymentId! };
  } finally {
    client.destroy();
  }
}

/** The request a client sends for `operation`; CreateApplication gets a new name every call. */
export function requestFor(operation: Operation, seeded: Seed): LoadRequest {
  switch (operation) {
    case 'GetDeployment':
      return { operation, body: () => ({ deploymentId: seeded.deploymentId }) };
    case 'ListDeployments':
      return { operation, body: () => ({ applicationName: seeded.applicationName, deploymentGroupName: seeded.deploymentGroupName }) };
    case 'CreateApplication':
      return { operation, body: uniqueApplication() };
  }
}

function uniqueApplication(): () => unknown {
  const run = randomBytes(4).toString('hex');
  let n = 0;
  return () => ({ applicationName: `bench-${run}-${n++}`, computePlatform: 'Server' });
}
