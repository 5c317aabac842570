import type { ContinueDeploymentInput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { notImplemented } from './not-implemented.ts';

/** ContinueDeployment. */
export const continueDeployment: ActionHandler<ContinueDeploymentInput, void> = async () => notImplemented('ContinueDeployment');
