import { isReadOperation, mayCall } from '../../core/roles.ts';
import type { Caller } from '../action.ts';
import { AwsError } from '../errors.ts';
import type { JsonService } from '../json-service.ts';
import { getDeploymentLogs } from './get-deployment-logs.ts';

/**
 * Cutover's own operations beyond the CodeDeploy API (`Cutover_20261127.<Operation>`, signed as
 * `codedeploy`), for the `cutover` CLI and dashboard. Each has an explicit input check.
 */
export const CUTOVER_SERVICE: JsonService = {
  targetPrefix: 'Cutover_20261127',
  signingNames: ['codedeploy'],
  actions: { GetDeploymentLogs: getDeploymentLogs },
  validate(operation, body) {
    const input = (body ?? {}) as Record<string, unknown>;
    if (operation === 'GetDeploymentLogs') {
      if (typeof input.deploymentId !== 'string') throw new AwsError('DeploymentIdRequiredException', 'deploymentId is required');
      if (input.instanceName !== undefined && typeof input.instanceName !== 'string') throw new AwsError('SerializationException', 'instanceName must be a string');
      return { deploymentId: input.deploymentId, instanceName: input.instanceName };
    }
    return input;
  },
  authorize(caller: Caller, operation: string) {
    if (!isReadOperation(operation) || !mayCall(caller.role, operation)) {
      throw new AwsError('AccessDeniedException', `User: ${caller.accessKeyId} (role ${caller.role}) is not authorized to perform: cutover:${operation}`);
    }
  },
};
