import { CreateApplicationCommand, CreateDeploymentGroupCommand, GetDeploymentGroupCommand, type CodeDeployClient } from '@aws-sdk/client-codedeploy';

/** The application and group `cutover up` creates for the sample app. */
export interface SampleApplication {
  applicationName: string;
  deploymentGroupName: string;
}

/**
 * Creates the sample application and a deployment group that targets the local instance by its
 * Name tag, with automatic rollback on failure, so that a broken release shows a rollback. Leaves
 * them as they are when they exist (a user may have changed them).
 */
export async function ensureSampleApplication(client: CodeDeployClient, instanceName: string, accountId: string): Promise<SampleApplication> {
  const sample = { applicationName: 'SampleApp', deploymentGroupName: 'local' };
  const existing = await client.send(new GetDeploymentGroupCommand(sample)).catch(missing);
  if (existing) return sample;
  await client.send(new CreateApplicationCommand({ applicationName: sample.applicationName, computePlatform: 'Server' })).catch(alreadyThere);
  await client.send(new CreateDeploymentGroupCommand({
    ...sample,
    serviceRoleArn: `arn:aws:iam::${accountId}:role/cutover`,
    deploymentConfigName: 'CodeDeployDefault.OneAtATime',
    onPremisesInstanceTagFilters: [{ Key: 'Name', Value: instanceName, Type: 'KEY_AND_VALUE' }],
    autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_FAILURE'] },
  }));
  return sample;
}

function missing(error: unknown): undefined {
  const name = (error as Error).name;
  if (name === 'ApplicationDoesNotExistException' || name === 'DeploymentGroupDoesNotExistException') return undefined;
  throw error;
}

function alreadyThere(error: unknown): void {
  if ((error as Error).name !== 'ApplicationAlreadyExistsException') throw error;
}
