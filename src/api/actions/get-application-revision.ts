import type { GetApplicationRevisionInput, GetApplicationRevisionOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { requireApplication } from '../resources/lookups.ts';
import { APPLICATION_NAME, checkName } from '../resources/names.ts';
import { checkRevisionInput, revisionMissing, toGenericRevisionInfo } from '../resources/revisions.ts';

/** GetApplicationRevision: a registered (or deployed) revision with its GenericRevisionInfo. */
export const getApplicationRevision: ActionHandler<GetApplicationRevisionInput, GetApplicationRevisionOutput> = async (input, ctx) => {
  const applicationName = checkName(input.applicationName, APPLICATION_NAME);
  const revision = checkRevisionInput(input.revision);
  await requireApplication(ctx.store, applicationName);
  const record = await ctx.store.revisions.get(applicationName, revision);
  if (!record) throw revisionMissing(applicationName, revision);
  return { applicationName, revision: record.revision, revisionInfo: toGenericRevisionInfo(record) };
};
