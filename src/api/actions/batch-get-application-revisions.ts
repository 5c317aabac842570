import type { BatchGetApplicationRevisionsInput, BatchGetApplicationRevisionsOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { notImplemented } from './not-implemented.ts';

/** BatchGetApplicationRevisions. */
export const batchGetApplicationRevisions: ActionHandler<BatchGetApplicationRevisionsInput, BatchGetApplicationRevisionsOutput> = async () => notImplemented('BatchGetApplicationRevisions');
