import type { CreateApplicationInput, CreateApplicationOutput } from '@aws-sdk/client-codedeploy';
import { MAX_APPLICATIONS } from '../../core/limits.ts';
import type { ActionHandler } from '../action.ts';
import { AwsError } from '../errors.ts';
import { APPLICATION_NAME, checkName } from '../resources/names.ts';
import { checkTagsToAdd } from '../resources/tags.ts';

/** CreateApplication: a new application (computePlatform defaults to Server) with its tags. */
export const createApplication: ActionHandler<CreateApplicationInput, CreateApplicationOutput> = async (input, ctx) => {
  const applicationName = checkName(input.applicationName, APPLICATION_NAME);
  const tags = checkTagsToAdd(input.tags);
  const created = await ctx.store.applications.create({ applicationName, computePlatform: input.computePlatform ?? 'Server', tags });
  switch (created.result) {
    case 'exists':
      throw new AwsError('ApplicationAlreadyExistsException', `The application ${applicationName} already exists.`);
    case 'limit':
      throw new AwsError('ApplicationLimitExceededException', `The limit of ${MAX_APPLICATIONS} applications has been reached.`);
    case 'created':
      return { applicationId: created.application.applicationId };
  }
};
