import type { GetDeploymentInstanceInput, GetDeploymentInstanceOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { notImplemented } from './not-implemented.ts';

/** GetDeploymentInstance. */
export const getDeploymentInstance: ActionHandler<GetDeploymentInstanceInput, GetDeploymentInstanceOutput> = async () => notImplemented('GetDeploymentInstance');
