import type { DeleteResourcesByExternalIdInput, DeleteResourcesByExternalIdOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { notImplemented } from './not-implemented.ts';

/** DeleteResourcesByExternalId. */
export const deleteResourcesByExternalId: ActionHandler<DeleteResourcesByExternalIdInput, DeleteResourcesByExternalIdOutput> = async () => notImplemented('DeleteResourcesByExternalId');
