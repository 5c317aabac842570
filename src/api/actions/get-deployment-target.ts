import type { GetDeploymentTargetInput, GetDeploymentTargetOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { notImplemented } from './not-implemented.ts';

/** GetDeploymentTarget. */
export const getDeploymentTarget: ActionHandler<GetDeploymentTargetInput, GetDeploymentTargetOutput> = async () => notImplemented('GetDeploymentTarget');
