import type { ListApplicationRevisionsInput, ListApplicationRevisionsOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { notImplemented } from './not-implemented.ts';

/** ListApplicationRevisions. */
export const listApplicationRevisions: ActionHandler<ListApplicationRevisionsInput, ListApplicationRevisionsOutput> = async () => notImplemented('ListApplicationRevisions');
