import type { GetDeploymentInput, GetDeploymentOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { notImplemented } from './not-implemented.ts';

/** GetDeployment. */
export const getDeployment: ActionHandler<GetDeploymentInput, GetDeploymentOutput> = async () => notImplemented('GetDeployment');
