import type { DeleteDeploymentGroupInput, DeleteDeploymentGroupOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { notImplemented } from './not-implemented.ts';

/** DeleteDeploymentGroup. */
export const deleteDeploymentGroup: ActionHandler<DeleteDeploymentGroupInput, DeleteDeploymentGroupOutput> = async () => notImplemented('DeleteDeploymentGroup');
