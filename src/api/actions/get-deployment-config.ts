import type { GetDeploymentConfigInput, GetDeploymentConfigOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { notImplemented } from './not-implemented.ts';

/** GetDeploymentConfig. */
export const getDeploymentConfig: ActionHandler<GetDeploymentConfigInput, GetDeploymentConfigOutput> = async () => notImplemented('GetDeploymentConfig');
