import type { BatchGetOnPremisesInstancesInput, BatchGetOnPremisesInstancesOutput } from '@aws-sdk/client-codedeploy';
import { MAX_BATCH_GET_INSTANCES } from '../../core/on-premises.ts';
import type { ActionHandler } from '../action.ts';
import { AwsError } from '../errors.ts';
import { checkInstanceNames, toInstanceInfo } from '../resources/instances.ts';

/** BatchGetOnPremisesInstances: up to 25 instances by name; unknown names are left out. */
export const batchGetOnPremisesInstances: ActionHandler<BatchGetOnPremisesInstancesInput, BatchGetOnPremisesInstancesOutput> = async (input, ctx) => {
  if ((input.instanceNames?.length ?? 0) > MAX_BATCH_GET_INSTANCES) {
    throw new AwsError('BatchLimitExceededException', `The maximum number of names that can be specified is ${MAX_BATCH_GET_INSTANCES}.`);
  }
  const records = await ctx.store.instances.batchGet(checkInstanceNames(input.instanceNames));
  return { instanceInfos: records.map(toInstanceInfo) };
};
