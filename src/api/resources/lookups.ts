import type { ApplicationInfo } from '@aws-sdk/client-codedeploy';
import type { Store } from '../../store/store.ts';
import { AwsError } from '../errors.ts';

/** The error for an application that does not exist, with AWS's wording. */
export function applicationMissing(applicationName: string): AwsError {
  return new AwsError('ApplicationDoesNotExistException', `No application found for name: ${applicationName}`);
}

/** The error for a deployment group that does not exist. */
export function deploymentGroupMissing(applicationName: string, deploymentGroupName: string): AwsError {
  return new AwsError('DeploymentGroupDoesNotExistException',
    `No Deployment Group found for name: ${deploymentGroupName} in application ${applicationName}`);
}

/** The error for a deployment config that does not exist. */
export function deploymentConfigMissing(deploymentConfigName: string): AwsError {
  return new AwsError('DeploymentConfigDoesNotExistException', `No deployment configuration found for name: ${deploymentConfigName}`);
}

/** Loads an application or throws ApplicationDoesNotExistException. */
export async function requireApplication(store: Store, applicationName: string): Promise<ApplicationInfo> {
  const application = await store.applications.get(applicationName);
  if (!application) throw applicationMissing(applicationName);
  return application;
}
