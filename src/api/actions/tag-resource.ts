import type { TagResourceInput, TagResourceOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { notImplemented } from './not-implemented.ts';

/** TagResource. */
export const tagResource: ActionHandler<TagResourceInput, TagResourceOutput> = async () => notImplemented('TagResource');
