import type { ListDeploymentsInput, ListDeploymentsOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { notImplemented } from './not-implemented.ts';

/** ListDeployments. */
export const listDeployments: ActionHandler<ListDeploymentsInput, ListDeploymentsOutput> = async () => notImplemented('ListDeployments');
