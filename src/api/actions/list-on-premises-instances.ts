import type { ListOnPremisesInstancesInput, ListOnPremisesInstancesOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { notImplemented } from './not-implemented.ts';

/** ListOnPremisesInstances. */
export const listOnPremisesInstances: ActionHandler<ListOnPremisesInstancesInput, ListOnPremisesInstancesOutput> = async () => notImplemented('ListOnPremisesInstances');
