import type { UpdateDeploymentGroupInput, UpdateDeploymentGroupOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { notImplemented } from './not-implemented.ts';

/** UpdateDeploymentGroup. */
export const updateDeploymentGroup: ActionHandler<UpdateDeploymentGroupInput, UpdateDeploymentGroupOutput> = async () => notImplemented('UpdateDeploymentGroup');
