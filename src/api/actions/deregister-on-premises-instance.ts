import type { DeregisterOnPremisesInstanceInput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { notImplemented } from './not-implemented.ts';

/** DeregisterOnPremisesInstance. */
export const deregisterOnPremisesInstance: ActionHandler<DeregisterOnPremisesInstanceInput, void> = async () => notImplemented('DeregisterOnPremisesInstance');
