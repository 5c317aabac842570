import type { GetApplicationInput, GetApplicationOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { notImplemented } from './not-implemented.ts';

/** GetApplication. */
export const getApplication: ActionHandler<GetApplicationInput, GetApplicationOutput> = async () => notImplemented('GetApplication');
