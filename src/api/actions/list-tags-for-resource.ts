import type { ListTagsForResourceInput, ListTagsForResourceOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { notImplemented } from './not-implemented.ts';

/** ListTagsForResource. */
export const listTagsForResource: ActionHandler<ListTagsForResourceInput, ListTagsForResourceOutput> = async () => notImplemented('ListTagsForResource');
