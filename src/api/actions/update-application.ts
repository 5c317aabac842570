import type { UpdateApplicationInput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { notImplemented } from './not-implemented.ts';

/** UpdateApplication. */
export const updateApplication: ActionHandler<UpdateApplicationInput, void> = async () => notImplemented('UpdateApplication');
