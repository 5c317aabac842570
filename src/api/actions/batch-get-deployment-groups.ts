import type { BatchGetDeploymentGroupsInput, BatchGetDeploymentGroupsOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { notImplemented } from './not-implemented.ts';

/** BatchGetDeploymentGroups. */
export const batchGetDeploymentGroups: ActionHandler<BatchGetDeploymentGroupsInput, BatchGetDeploymentGroupsOutput> = async () => notImplemented('BatchGetDeploymentGroups');
