import type { BatchGetDeploymentInstancesInput, BatchGetDeploymentInstancesOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { notImplemented } from './not-implemented.ts';

/** BatchGetDeploymentInstances. */
export const batchGetDeploymentInstances: ActionHandler<BatchGetDeploymentInstancesInput, BatchGetDeploymentInstancesOutput> = async () => notImplemented('BatchGetDeploymentInstances');
