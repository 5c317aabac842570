import type { BatchGetApplicationsInput, BatchGetApplicationsOutput } from '@aws-sdk/client-codedeploy';
import { MAX_BATCH_GET } from '../../core/limits.ts';
import type { ActionHandler } from '../action.ts';
import { AwsError } from '../errors.ts';
import { applicationMissing } from '../resources/lookups.ts';
import { APPLICATION_NAME, checkName } from '../resources/names.ts';

/**
 * BatchGetApplications: up to 100 applications, in the order asked (each once). Unlike
 * BatchGetDeploymentGroups, an unknown name fails the whole call, as on AWS.
 */
export const batchGetApplications: ActionHandler<BatchGetApplicationsInput, BatchGetApplicationsOutput> = async (input, ctx) => {
  const names = [...new Set(input.applicationNames ?? [])];
  if (names.length > MAX_BATCH_GET) {
    throw new AwsError('BatchLimitExceededException', `The maximum number of names that can be specified is ${MAX_BATCH_GET}.`);
  }
  names.forEach((name) => checkName(name, APPLICATION_NAME));
  const found = new Map((await ctx.store.applications.getMany(names)).map((a) => [a.applicationName, a]));
  const missing = names.find((name) => !found.has(name));
  if (missing !== undefined) throw applicationMissing(missing);
  return { applicationsInfo: names.map((name) => found.get(name)!) };
};
