import type { ListDeploymentConfigsInput, ListDeploymentConfigsOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { notImplemented } from './not-implemented.ts';

/** ListDeploymentConfigs. */
export const listDeploymentConfigs: ActionHandler<ListDeploymentConfigsInput, ListDeploymentConfigsOutput> = async () => notImplemented('ListDeploymentConfigs');
