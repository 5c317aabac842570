import type { ListApplicationsInput, ListApplicationsOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { notImplemented } from './not-implemented.ts';

/** ListApplications. */
export const listApplications: ActionHandler<ListApplicationsInput, ListApplicationsOutput> = async () => notImplemented('ListApplications');
