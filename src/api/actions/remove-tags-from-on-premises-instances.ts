import type { RemoveTagsFromOnPremisesInstancesInput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { notImplemented } from './not-implemented.ts';

/** RemoveTagsFromOnPremisesInstances. */
export const removeTagsFromOnPremisesInstances: ActionHandler<RemoveTagsFromOnPremisesInstancesInput, void> = async () => notImplemented('RemoveTagsFromOnPremisesInstances');
