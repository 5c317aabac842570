import { isReadOperation, mayCall } from '../../core/roles.ts';
import type { Caller } from '../action.ts';
import { AwsError } from '../errors.ts';
import type { JsonService } from '../json-service.ts';
import { checkInstanceName } from '../resources/instances.ts';
import { createAgentKey } from './create-agent-key.ts';
import { getDeploymentLogs } from './get-deployment-logs.ts';
import { getServerInfo } from './get-server-info.ts';

/** Operations only an admin key may call: they hand out credentials. */
const ADMIN_ONLY = new Set(['CreateAgentKey']);

/**
 * Cutover's own operations beyond the CodeDeploy API (`Cutover_20261127.<Operation>`, signed as
 * `codedeploy`), for the `cutover` CLI and dashboard. Each has an explicit input check.
 */
export const CUTOVER_SERVICE: JsonService = {
  targetPrefix: 'Cutover_20261127',
  signingNames: ['codedeploy'],
  actions: { GetDeploymentLogs: getDeploymentLogs, GetServerInfo: getServerInfo, CreateAgentKey: createAgentKey },
  validate(operation, body) {
    const input = (body ?? {}) as Record<string, unknown>;
    if (operation === 'GetDeploymentLogs') {
      if (typeof input.deploymentId !== 'string') throw new AwsError('DeploymentIdRequiredException', 'deploymentId is required');
      return { deploymentId: input.deploymentId, instanceName: optionalString(input, 'instanceName') };
    }
    if (operation === 'CreateAgentKey') {
      if (input.instanceName !== undefined && typeof input.instanceName !== 'string') throw new AwsError('SerializationException', 'instanceName must be a string');
      return { instanceName: checkInstanceName(input.instanceName as string | undefined), description: optionalString(input, 'description') };
    }
    if (operation === 'GetServerInfo') return {};
    return input;
  },
  authorize(caller: Caller, operation: string) {
    const allowed = ADMIN_ONLY.has(operation) ? caller.role === 'admin' : isReadOperation(operation) && mayCall(caller.role, operation);
    if (!allowed) {
      throw new AwsError('AccessDeniedException', `User: ${caller.accessKeyId} (role ${caller.role}) is not authorized to perform: cutover:${operation}`);
    }
  },
};

function optionalString(input: Record<string, unknown>, member: string): string | undefined {
  const value = input[member];
  if (value !== undefined && value !== null && typeof value !== 'string') throw new AwsError('SerializationException', `${member} must be a string`);
  return (value ?? undefined) as string | undefined;
}
