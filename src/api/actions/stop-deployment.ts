import type { StopDeploymentInput, StopDeploymentOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { notImplemented } from './not-implemented.ts';

/** StopDeployment. */
export const stopDeployment: ActionHandler<StopDeploymentInput, StopDeploymentOutput> = async () => notImplemented('StopDeployment');
