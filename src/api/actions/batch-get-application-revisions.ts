import type { BatchGetApplicationRevisionsInput, BatchGetApplicationRevisionsOutput } from '@aws-sdk/client-codedeploy';
import { describeRevision } from '../../core/revision.ts';
import type { ActionHandler } from '../action.ts';
import { AwsError } from '../errors.ts';
import { requireApplication } from '../resources/lookups.ts';
import { APPLICATION_NAME, checkName } from '../resources/names.ts';
import { checkRevisionInput, MAX_BATCH_GET_REVISIONS, toGenericRevisionInfo } from '../resources/revisions.ts';

/**
 * BatchGetApplicationRevisions: up to 25 revisions of one application. Unknown revisions are
 * left out of `revisions` and named in `errorMessage`, the output's member for partial failures.
 */
export const batchGetApplicationRevisions: ActionHandler<BatchGetApplicationRevisionsInput, BatchGetApplicationRevisionsOutput> = async (input, ctx) => {
  const applicationName = checkName(input.applicationName, APPLICATION_NAME);
  const requested = input.revisions ?? [];
  if (requested.length === 0) throw new AwsError('RevisionRequiredException', 'At least one revision is required.');
  if (requested.length > MAX_BATCH_GET_REVISIONS) {
    throw new AwsError('BatchLimitExceededException', `The maximum number of revisions that can be specified is ${MAX_BATCH_GET_REVISIONS}.`);
  }
  const revisions = requested.map(checkRevisionInput);
  await requireApplication(ctx.store, applicationName);
  const records = await ctx.store.revisions.batchGet(applicationName, revisions);
  const missing = revisions.filter((_, i) => records[i] === undefined).map(describeRevision);
  return {
    applicationName,
    revisions: records.flatMap((r) => (r ? [{ revisionLocation: r.revision, genericRevisionInfo: toGenericRevisionInfo(r) }] : [])),
    errorMessage: missing.length > 0 ? `No application revision found for: ${missing.join(', ')}` : undefined,
  };
};
