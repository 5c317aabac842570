import type { DeleteResourcesByExternalIdInput, DeleteResourcesByExternalIdOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';

/**
 * DeleteResourcesByExternalId: deletes the deployments (and their targets) linked to an
 * external resource, such as a CloudFormation stack. Nothing linked, or no id, is a success.
 */
export const deleteResourcesByExternalId: ActionHandler<DeleteResourcesByExternalIdInput, DeleteResourcesByExternalIdOutput> = async (input, ctx) => {
  if (input.externalId) await ctx.store.deployments.deleteByExternalId(input.externalId);
  return {};
};
