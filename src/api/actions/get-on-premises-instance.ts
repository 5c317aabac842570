import type { GetOnPremisesInstanceInput, GetOnPremisesInstanceOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { notImplemented } from './not-implemented.ts';

/** GetOnPremisesInstance. */
export const getOnPremisesInstance: ActionHandler<GetOnPremisesInstanceInput, GetOnPremisesInstanceOutput> = async () => notImplemented('GetOnPremisesInstance');
