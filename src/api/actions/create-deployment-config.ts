import type { CreateDeploymentConfigInput, CreateDeploymentConfigOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { notImplemented } from './not-implemented.ts';

/** CreateDeploymentConfig. */
export const createDeploymentConfig: ActionHandler<CreateDeploymentConfigInput, CreateDeploymentConfigOutput> = async () => notImplemented('CreateDeploymentConfig');
