import type { UntagResourceInput, UntagResourceOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { notImplemented } from './not-implemented.ts';

/** UntagResource. */
export const untagResource: ActionHandler<UntagResourceInput, UntagResourceOutput> = async () => notImplemented('UntagResource');
