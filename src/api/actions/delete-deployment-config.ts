import type { DeleteDeploymentConfigInput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { notImplemented } from './not-implemented.ts';

/** DeleteDeploymentConfig. */
export const deleteDeploymentConfig: ActionHandler<DeleteDeploymentConfigInput, void> = async () => notImplemented('DeleteDeploymentConfig');
