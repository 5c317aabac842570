import type { RegisterOnPremisesInstanceInput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { notImplemented } from './not-implemented.ts';

/** RegisterOnPremisesInstance. */
export const registerOnPremisesInstance: ActionHandler<RegisterOnPremisesInstanceInput, void> = async () => notImplemented('RegisterOnPremisesInstance');
