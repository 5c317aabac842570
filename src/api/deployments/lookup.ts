import { isDeploymentId } from '../../core/ids.ts';
import type { Store } from '../../store/store.ts';
import type { DeploymentRecord } from '../../store/deployments.ts';
import { AwsError } from '../errors.ts';

/**
 * Returns the deployment id when it is present and shaped like one (`d-` and 9 uppercase
 * alphanumerics); throws DeploymentIdRequiredException or InvalidDeploymentIdException.
 */
export function checkDeploymentId(deploymentId: string | undefined): string {
  if (deploymentId === undefined || deploymentId === '') {
    throw new AwsError('DeploymentIdRequiredException', 'A deployment ID must be specified.');
  }
  if (!isDeploymentId(deploymentId)) {
    throw new AwsError('InvalidDeploymentIdException', `The deployment ID ${deploymentId} is not in a valid format.`);
  }
  return deploymentId;
}

/** The error for a well-formed deployment id that names no deployment. */
export function deploymentMissing(deploymentId: string): AwsError {
  return new AwsError('DeploymentDoesNotExistException', `The deployment ${deploymentId} could not be found.`);
}

/** Checks the id and loads the deployment, or throws the matching exception. */
export async function requireDeployment(store: Store, deploymentId: string | undefined): Promise<DeploymentRecord> {
  const id = checkDeploymentId(deploymentId);
  const deployment = await store.deployments.get(id);
  if (!deployment) throw deploymentMissing(id);
  return deployment;
}

/** The deployment's compute platform; deployments stored before it was recorded are Server. */
export function platformOf(deployment: DeploymentRecord): 'Server' | 'Lambda' | 'ECS' {
  return (deployment.details.computePlatform ?? 'Server') as 'Server' | 'Lambda' | 'ECS';
}

/** Returns true for a Server deployment that replaces instances in place (not blue/green). */
export function isServerInPlace(deployment: DeploymentRecord): boolean {
  return platformOf(deployment) === 'Server' && deployment.details.deploymentStyle?.deploymentType !== 'BLUE_GREEN';
}
