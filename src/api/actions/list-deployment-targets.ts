import type { ListDeploymentTargetsInput, ListDeploymentTargetsOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { notImplemented } from './not-implemented.ts';

/** ListDeploymentTargets. */
export const listDeploymentTargets: ActionHandler<ListDeploymentTargetsInput, ListDeploymentTargetsOutput> = async () => notImplemented('ListDeploymentTargets');
