import type { AddTagsToOnPremisesInstancesInput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { notImplemented } from './not-implemented.ts';

/** AddTagsToOnPremisesInstances. */
export const addTagsToOnPremisesInstances: ActionHandler<AddTagsToOnPremisesInstancesInput, void> = async () => notImplemented('AddTagsToOnPremisesInstances');
