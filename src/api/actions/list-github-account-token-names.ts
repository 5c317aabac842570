import type { ListGitHubAccountTokenNamesInput, ListGitHubAccountTokenNamesOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { notImplemented } from './not-implemented.ts';

/** ListGitHubAccountTokenNames. */
export const listGitHubAccountTokenNames: ActionHandler<ListGitHubAccountTokenNamesInput, ListGitHubAccountTokenNamesOutput> = async () => notImplemented('ListGitHubAccountTokenNames');
