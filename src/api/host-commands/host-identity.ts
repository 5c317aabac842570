import type { ActionContext } from '../action.ts';
import { AwsError } from '../errors.ts';

/**
 * Finds the registered on-premises instance behind a HostIdentifier (its IAM user or session
 * ARN, as the agents send it) and checks that the caller may act for it: an `agent` key only for
 * its own instance, an `admin` key for any. Returns the instance name.
 */
export async function instanceForHost(hostIdentifier: string, ctx: ActionContext): Promise<string> {
  const instanceName = await ctx.store.instances.findByHostIdentifier(hostIdentifier);
  if (!instanceName) throw new AwsError('ClientException', `No registered on-premises instance has the host identifier ${hostIdentifier}`);
  mayActFor(instanceName, ctx);
  return instanceName;
}

/** Throws AccessDeniedException unless the caller may act for `instanceName`. */
export function mayActFor(instanceName: string, ctx: ActionContext): void {
  const { caller } = ctx;
  if (caller.role === 'admin') return;
  if (caller.role === 'agent' && caller.instanceName === instanceName) return;
  throw new AwsError('AccessDeniedException',
    `User: ${caller.accessKeyId} (role ${caller.role}) is not authorized to act for host ${instanceName}`);
}
