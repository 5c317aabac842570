import type { RegisterApplicationRevisionInput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { notImplemented } from './not-implemented.ts';

/** RegisterApplicationRevision. */
export const registerApplicationRevision: ActionHandler<RegisterApplicationRevisionInput, void> = async () => notImplemented('RegisterApplicationRevision');
