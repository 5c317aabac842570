import type { CreateApplicationInput, CreateApplicationOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { notImplemented } from './not-implemented.ts';

/** CreateApplication. */
export const createApplication: ActionHandler<CreateApplicationInput, CreateApplicationOutput> = async () => notImplemented('CreateApplication');
