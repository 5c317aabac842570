import type { BatchGetApplicationsInput, BatchGetApplicationsOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { notImplemented } from './not-implemented.ts';

/** BatchGetApplications. */
export const batchGetApplications: ActionHandler<BatchGetApplicationsInput, BatchGetApplicationsOutput> = async () => notImplemented('BatchGetApplications');
