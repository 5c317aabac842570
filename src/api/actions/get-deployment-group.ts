import type { GetDeploymentGroupInput, GetDeploymentGroupOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { notImplemented } from './not-implemented.ts';

/** GetDeploymentGroup. */
export const getDeploymentGroup: ActionHandler<GetDeploymentGroupInput, GetDeploymentGroupOutput> = async () => notImplemented('GetDeploymentGroup');
