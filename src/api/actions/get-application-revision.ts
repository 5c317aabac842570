import type { GetApplicationRevisionInput, GetApplicationRevisionOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { notImplemented } from './not-implemented.ts';

/** GetApplicationRevision. */
export const getApplicationRevision: ActionHandler<GetApplicationRevisionInput, GetApplicationRevisionOutput> = async () => notImplemented('GetApplicationRevision');
