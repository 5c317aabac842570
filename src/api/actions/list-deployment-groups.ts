import type { ListDeploymentGroupsInput, ListDeploymentGroupsOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { notImplemented } from './not-implemented.ts';

/** ListDeploymentGroups. */
export const listDeploymentGroups: ActionHandler<ListDeploymentGroupsInput, ListDeploymentGroupsOutput> = async () => notImplemented('ListDeploymentGroups');
