import type { BatchGetDeploymentGroupsInput, BatchGetDeploymentGroupsOutput, DeploymentGroupInfo } from '@aws-sdk/client-codedeploy';
import { MAX_BATCH_GET } from '../../core/limits.ts';
import type { ActionHandler } from '../action.ts';
import { AwsError } from '../errors.ts';
import { requireApplication } from '../resources/lookups.ts';
import { APPLICATION_NAME, checkName, DEPLOYMENT_GROUP_NAME } from '../resources/names.ts';

/**
 * BatchGetDeploymentGroups: up to 100 groups of one application, in the order asked (each
 * once). Unknown names do not fail the call: they are listed in `errorMessage`, as the
 * model's output shape provides.
 */
export const batchGetDeploymentGroups: ActionHandler<BatchGetDeploymentGroupsInput, BatchGetDeploymentGroupsOutput> = async (input, ctx) => {
  const applicationName = checkName(input.applicationName, APPLICATION_NAME);
  const names = [...new Set(input.deploymentGroupNames ?? [])];
  if (names.length > MAX_BATCH_GET) {
    throw new AwsError('BatchLimitExceededException', `The maximum number of deployment group names that can be specified is ${MAX_BATCH_GET}.`);
  }
  names.forEach((name) => checkName(name, DEPLOYMENT_GROUP_NAME));
  await requireApplication(ctx.store, applicationName);
  const found: DeploymentGroupInfo[] = [];
  const missing: string[] = [];
  for (const name of names) {
    const info = await ctx.store.deploymentGroups.get(applicationName, name);
    if (info) found.push(info);
    else missing.push(name);
  }
  const errorMessage = missing.length
    ? `Deployment groups not found in application ${applicationName}: ${missing.join(', ')}` : undefined;
  return { deploymentGroupsInfo: found, errorMessage };
};
