import type { BatchGetDeploymentTargetsInput, BatchGetDeploymentTargetsOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { notImplemented } from './not-implemented.ts';

/** BatchGetDeploymentTargets. */
export const batchGetDeploymentTargets: ActionHandler<BatchGetDeploymentTargetsInput, BatchGetDeploymentTargetsOutput> = async () => notImplemented('BatchGetDeploymentTargets');
