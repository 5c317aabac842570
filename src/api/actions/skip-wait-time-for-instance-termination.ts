import type { SkipWaitTimeForInstanceTerminationInput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { notImplemented } from './not-implemented.ts';

/** SkipWaitTimeForInstanceTermination. */
export const skipWaitTimeForInstanceTermination: ActionHandler<SkipWaitTimeForInstanceTerminationInput, void> = async () => notImplemented('SkipWaitTimeForInstanceTermination');
