import type { BatchGetDeploymentsInput, BatchGetDeploymentsOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { notImplemented } from './not-implemented.ts';

/** BatchGetDeployments. */
export const batchGetDeployments: ActionHandler<BatchGetDeploymentsInput, BatchGetDeploymentsOutput> = async () => notImplemented('BatchGetDeployments');
