import type { GenericRevisionInfo, RevisionLocation } from '@aws-sdk/client-codedeploy';
import { checkRevision, describeRevision, type RevisionLocation as CoreRevisionLocation } from '../../core/revision.ts';
import type { RevisionRecord } from '../../store/revisions.ts';
import { AwsError } from '../errors.ts';

/** Revisions per BatchGetApplicationRevisions call. */
export const MAX_BATCH_GET_REVISIONS = 25;

/**
 * Longest revision description. AWS documents no number for revisions; Cutover uses the
 * deployment description limit so that one rule covers both.
 */
export const MAX_REVISION_DESCRIPTION_LENGTH = 256;

/**
 * Returns the revision normalised (see core checkRevision); throws RevisionRequiredException when
 * it is absent or empty and InvalidRevisionException when it is malformed.
 */
export function checkRevisionInput(revision: RevisionLocation | undefined): CoreRevisionLocation {
  const check = checkRevision(revision as CoreRevisionLocation | undefined);
  if (check.ok) return check.revision;
  throw new AwsError(check.reason === 'required' ? 'RevisionRequiredException' : 'InvalidRevisionException', check.message);
}

/** Throws DescriptionTooLongException for a description over the limit. */
export function checkRevisionDescription(description: string | undefined): string | undefined {
  if (description !== undefined && [...description].length > MAX_REVISION_DESCRIPTION_LENGTH) {
    throw new AwsError('DescriptionTooLongException', `The description is longer than ${MAX_REVISION_DESCRIPTION_LENGTH} characters.`);
  }
  return description;
}

/** The error for a revision the application has not registered or used. */
export function revisionMissing(applicationName: string, revision: CoreRevisionLocation): AwsError {
  return new AwsError('RevisionDoesNotExistException',
    `No application revision found for revision ${describeRevision(revision)} in application ${applicationName}.`);
}

/** A revision record's GenericRevisionInfo, with Date times and only the times that are set. */
export function toGenericRevisionInfo(record: RevisionRecord): GenericRevisionInfo {
  return {
    description: record.description,
    deploymentGroups: record.deploymentGroups,
    registerTime: new Date(record.registerTime),
    firstUsedTime: record.firstUsedTime === undefined ? undefined : new Date(record.firstUsedTime),
    lastUsedTime: record.lastUsedTime === undefined ? undefined : new Date(record.lastUsedTime),
  };
}
