import type { ListApplicationRevisionsInput, ListApplicationRevisionsOutput } from '@aws-sdk/client-codedeploy';
import { isRevisionPosition } from '../../store/revisions.ts';
import type { ActionHandler } from '../action.ts';
import { AwsError } from '../errors.ts';
import { decodeNextToken, PAGE_SIZE, pageOf } from '../next-token.ts';
import { requireApplication } from '../resources/lookups.ts';
import { APPLICATION_NAME, checkName } from '../resources/names.ts';

/**
 * ListApplicationRevisions: an application's revisions, 100 per page. Without `sortBy` they come
 * by registerTime (AWS promises no order then); `sortOrder` defaults to ascending. Revisions never
 * deployed sort as the oldest by firstUsedTime and lastUsedTime. `deployed: include` lists
 * revisions that some deployment has used, `exclude` those none has, `ignore` all.
 */
export const listApplicationRevisions: ActionHandler<ListApplicationRevisionsInput, ListApplicationRevisionsOutput> = async (input, ctx) => {
  const applicationName = checkName(input.applicationName, APPLICATION_NAME);
  if (input.s3Bucket === '') throw new AwsError('InvalidBucketNameFilterException', 'The bucket name filter is empty.');
  if (input.s3KeyPrefix !== undefined && input.s3Bucket === undefined) {
    throw new AwsError('BucketNameFilterRequiredException', 'A bucket name is required when a key prefix is given.');
  }
  const after = decodeNextToken(input.nextToken, isRevisionPosition);
  await requireApplication(ctx.store, applicationName);
  const rows = await ctx.store.revisions.list({
    applicationName,
    sortBy: input.sortBy,
    sortOrder: input.sortOrder,
    s3Bucket: input.s3Bucket,
    s3KeyPrefix: input.s3KeyPrefix,
    deployed: input.deployed,
    after,
    limit: PAGE_SIZE + 1,
  });
  const page = pageOf(rows, (last) => last.position);
  return { revisions: page.items.map((r) => r.revision), nextToken: page.nextToken };
};
