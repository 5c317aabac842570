import type { CreateDeploymentInput, CreateDeploymentOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { notImplemented } from './not-implemented.ts';

/** CreateDeployment. */
export const createDeployment: ActionHandler<CreateDeploymentInput, CreateDeploymentOutput> = async () => notImplemented('CreateDeployment');
