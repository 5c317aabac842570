import type { DeleteApplicationInput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { notImplemented } from './not-implemented.ts';

/** DeleteApplication. */
export const deleteApplication: ActionHandler<DeleteApplicationInput, void> = async () => notImplemented('DeleteApplication');
