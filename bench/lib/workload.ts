import { randomBytes } from 'node:crypto';
import { CreateApplicationCommand, CreateDeploymentCommand, CreateDeploymentGroupCommand } from '@aws-sdk/client-codedeploy';
import { codeDeployClient } from '../../test/support/sdk.ts';
import { callJsonRpc } from '../../src/client/json-rpc.ts';
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
  const step = <T>(name: string, call: () => Promise<T>) => call().catch((error: Error) => {
    throw new Error(`${name}: ${error.name}: ${error.message}`, { cause: error });
  });
  try {
    await step('CreateApplication', () => client.send(new CreateApplicationCommand({ applicationName: names.applicationName, computePlatform: 'Server' })));
    await step('CreateDeploymentGroup', () => client.send(new CreateDeploymentGroupCommand({
      ...names,
      serviceRoleArn: 'arn:aws:iam::123456789012:role/bench-deployer',
      ec2TagFilters: [{ Key: 'role', Value: 'bench', Type: 'KEY_AND_VALUE' }],
    })));
    const out = await step('CreateDeployment', () => client.send(new CreateDeploymentCommand({
      ...names,
      revision: { revisionType: 'S3', s3Location: { bucket: 'bench-bundles', key: 'app.zip', bundleType: 'zip' } },
    })));
    return { ...names, deploymentId: out.deploymentId! };
  } finally {
    client.destroy();
  }
}

/**
 * Applications created per round of the CreateApplication load: under the 1000-application limit
 * Cutover enforces (as AWS does), with room for the seed. moto has no limit but runs the same rounds.
 */
export const APPLICATIONS_PER_ROUND = 900;

/** The request a client sends for `operation`; CreateApplication gets a new name every call. */
export function requestFor(operation: Operation, seeded: Seed, target: Target): LoadRequest {
  switch (operation) {
    case 'GetDeployment':
      return { operation, body: () => ({ deploymentId: seeded.deploymentId }) };
    case 'ListDeployments':
      return { operation, body: () => ({ applicationName: seeded.applicationName, deploymentGroupName: seeded.deploymentGroupName }) };
    case 'CreateApplication':
      return createApplications(target);
  }
}

function createApplications(target: Target): LoadRequest {
  const run = randomBytes(4).toString('hex');
  const created: string[] = [];
  let sequence = 0;
  return {
    operation: 'CreateApplication',
    body: () => {
      const applicationName = `bench-${run}-${sequence++}`;
      created.push(applicationName);
      return { applicationName, computePlatform: 'Server' };
    },
    budget: APPLICATIONS_PER_ROUND,
    reset: async () => deleteApplications(target, created.splice(0).reverse()),
  };
}

/** Deletes applications, 10 at a time; a failure is left for the next round to surface as errors. */
async function deleteApplications(target: Target, names: string[]): Promise<void> {
  const rpc = { endpoint: target.endpoint, credentials: target.credentials, service: 'codedeploy', targetPrefix: 'CodeDeploy_20141006' };
  const worker = async () => {
    for (let name = names.pop(); name !== undefined; name = names.pop()) await callJsonRpc(rpc, 'DeleteApplication', { applicationName: name });
  };
  await Promise.all(Array.from({ length: 10 }, worker));
}
