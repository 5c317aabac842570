/**
 * What an access key may do:
 * * `admin` - everything, including key management through the CLI.
 * * `deployer` - read everything; create, stop and continue deployments; register revisions.
 * * `readonly` - Get, List and BatchGet operations only.
 * * `agent` - the host-command protocol, for the one on-premises instance it is bound to.
 */
export type Role = 'admin' | 'deployer' | 'readonly' | 'agent';

/** Every role, in order of decreasing power. */
export const ROLES: readonly Role[] = ['admin', 'deployer', 'readonly', 'agent'];

/** Returns true when a string names a role. */
export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

const DEPLOYER_WRITES = new Set([
  'CreateDeployment', 'StopDeployment', 'ContinueDeployment', 'SkipWaitTimeForInstanceTermination',
  'PutLifecycleEventHookExecutionStatus', 'RegisterApplicationRevision',
]);

/** Returns true when an operation only reads. */
export function isReadOperation(operation: string): boolean {
  return /^(Get|List|BatchGet)/.test(operation);
}

/** Returns true when `role` may call the CodeDeploy operation `operation`. */
export function mayCall(role: Role, operation: string): boolean {
  switch (role) {
    case 'admin':
      return true;
    case 'deployer':
      return isReadOperation(operation) || DEPLOYER_WRITES.has(operation);
    case 'readonly':
      return isReadOperation(operation);
    case 'agent':
      return false;
  }
}
