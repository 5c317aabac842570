import type { BatchGetOnPremisesInstancesInput, BatchGetOnPremisesInstancesOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { notImplemented } from './not-implemented.ts';

/** BatchGetOnPremisesInstances. */
export const batchGetOnPremisesInstances: ActionHandler<BatchGetOnPremisesInstancesInput, BatchGetOnPremisesInstancesOutput> = async () => notImplemented('BatchGetOnPremisesInstances');
