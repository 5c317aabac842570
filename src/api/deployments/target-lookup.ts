import { isTargetLabel, isTargetStatus, type TargetLabel, type TargetStatus } from '../../core/deployment.ts';
import { isInstanceName } from '../../core/on-premises.ts';
import type { DeploymentRecord } from '../../store/deployments.ts';
import { AwsError } from '../errors.ts';
import { isServerInPlace, platformOf } from './lookup.ts';

/** Most targets per BatchGetDeploymentTargets and instances per BatchGetDeploymentInstances. */
export const MAX_BATCH_GET_TARGETS = 25;

/**
 * Checks a target id of `deployment`: present (DeploymentTargetIdRequiredException) and, for a
 * Server deployment, shaped like an instance name (InvalidDeploymentTargetIdException).
 */
export function checkTargetId(targetId: string | undefined, deployment: DeploymentRecord): string {
  if (targetId === undefined || targetId === '') {
    throw new AwsError('DeploymentTargetIdRequiredException', 'A deployment target ID must be specified.');
  }
  if (platformOf(deployment) === 'Server' && !isInstanceName(targetId)) {
    throw new AwsError('InvalidDeploymentTargetIdException', `The target ID ${targetId} is not a valid instance name.`);
  }
  return targetId;
}

/** The error for a target id that is not part of the deployment. */
export function targetMissing(deploymentId: string, targetId: string): AwsError {
  return new AwsError('DeploymentTargetDoesNotExistException', `The target ${targetId} is not part of deployment ${deploymentId}.`);
}

/**
 * Accepts an instance id as the deprecated instance operations take it: the instance name, or
 * the instance ARN that InstanceSummary reports (`…:instance/<name>`), which maps to the name.
 * InstanceIdRequiredException when empty, InvalidInstanceNameException when malformed.
 */
export function instanceNameOf(instanceId: string | undefined): string {
  if (instanceId === undefined || instanceId === '') {
    throw new AwsError('InstanceIdRequiredException', 'An instance ID must be specified.');
  }
  const name = /^arn:[^:]+:codedeploy:[^:]*:[^:]*:instance\/(.+)$/.exec(instanceId)?.[1] ?? instanceId;
  if (!isInstanceName(name)) throw new AwsError('InvalidInstanceNameException', `The instance name ${name} is not valid.`);
  return name;
}

/**
 * Refuses the deprecated instance operations for ECS deployments, which have no instances
 * (InvalidComputePlatformException); Server and Lambda deployments are accepted, as AWS does.
 */
export function checkInstancePlatform(deployment: DeploymentRecord): void {
  if (platformOf(deployment) === 'ECS') {
    throw new AwsError('InvalidComputePlatformException',
      `The deployment ${deployment.deploymentId} is an ECS deployment; use the deployment target operations.`);
  }
}

/**
 * Checks status and label filter values: statuses must be TargetStatus values
 * (InvalidInstanceStatusException), labels Blue or Green (InvalidInstanceTypeException), and
 * labels only make sense for blue/green Server deployments (InvalidDeploymentInstanceTypeException).
 */
export function checkTargetFilters(deployment: DeploymentRecord, filters: { statuses?: string[]; labels?: string[] }): {
  statuses: TargetStatus[];
  labels: TargetLabel[];
} {
  const statuses = filters.statuses ?? [];
  const labels = filters.labels ?? [];
  const badStatus = statuses.find((s) => !isTargetStatus(s));
  if (badStatus !== undefined) throw new AwsError('InvalidInstanceStatusException', `${badStatus} is not an instance status.`);
  const badLabel = labels.find((l) => !isTargetLabel(l));
  if (badLabel !== undefined) throw new AwsError('InvalidInstanceTypeException', `${badLabel} is not an instance type: use Blue or Green.`);
  if (labels.length > 0 && (isServerInPlace(deployment) || platformOf(deployment) !== 'Server')) {
    throw new AwsError('InvalidDeploymentInstanceTypeException', 'Instance types apply to blue/green Server deployments only.');
  }
  return { statuses: statuses as TargetStatus[], labels: labels as TargetLabel[] };
}
