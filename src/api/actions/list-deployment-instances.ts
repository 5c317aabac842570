import type { ListDeploymentInstancesInput, ListDeploymentInstancesOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { notImplemented } from './not-implemented.ts';

/** ListDeploymentInstances. */
export const listDeploymentInstances: ActionHandler<ListDeploymentInstancesInput, ListDeploymentInstancesOutput> = async () => notImplemented('ListDeploymentInstances');
