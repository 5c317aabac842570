import type { PutLifecycleEventHookExecutionStatusInput, PutLifecycleEventHookExecutionStatusOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { notImplemented } from './not-implemented.ts';

/** PutLifecycleEventHookExecutionStatus. */
export const putLifecycleEventHookExecutionStatus: ActionHandler<PutLifecycleEventHookExecutionStatusInput, PutLifecycleEventHookExecutionStatusOutput> = async () => notImplemented('PutLifecycleEventHookExecutionStatus');
