import type { DeleteGitHubAccountTokenInput, DeleteGitHubAccountTokenOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { notImplemented } from './not-implemented.ts';

/** DeleteGitHubAccountToken. */
export const deleteGitHubAccountToken: ActionHandler<DeleteGitHubAccountTokenInput, DeleteGitHubAccountTokenOutput> = async () => notImplemented('DeleteGitHubAccountToken');
