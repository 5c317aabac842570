import type { CreateDeploymentGroupInput, CreateDeploymentGroupOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { notImplemented } from './not-implemented.ts';

/** CreateDeploymentGroup. */
export const createDeploymentGroup: ActionHandler<CreateDeploymentGroupInput, CreateDeploymentGroupOutput> = async () => notImplemented('CreateDeploymentGroup');
