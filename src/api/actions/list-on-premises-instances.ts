import type { ListOnPremisesInstancesInput, ListOnPremisesInstancesOutput, TagFilter } from '@aws-sdk/client-codedeploy';
import { tagFilterProblem } from '../../core/instance-selection.ts';
import type { ActionHandler } from '../action.ts';
import { AwsError } from '../errors.ts';
import { decodeNextToken, isString, PAGE_SIZE, pageOf } from '../next-token.ts';

/**
 * ListOnPremisesInstances: instance names in name order, registered and deregistered alike
 * unless `registrationStatus` picks one, narrowed by `tagFilters` (ORed), 100 per page.
 */
export const listOnPremisesInstances: ActionHandler<ListOnPremisesInstancesInput, ListOnPremisesInstancesOutput> = async (input, ctx) => {
  const tagFilters = checkTagFilters(input.tagFilters ?? []);
  const names = await ctx.store.instances.list({
    registrationStatus: input.registrationStatus,
    tagFilters,
    after: decodeNextToken(input.nextToken, isString),
    limit: PAGE_SIZE + 1,
  });
  const page = pageOf(names, (last) => last);
  return { instanceNames: page.items, nextToken: page.nextToken };
};

function checkTagFilters(filters: TagFilter[]): TagFilter[] {
  for (const filter of filters) {
    const problem = tagFilterProblem(filter);
    if (problem) throw new AwsError('InvalidTagFilterException', `The tag filter ${JSON.stringify(filter)} is invalid: ${problem}.`);
  }
  return filters;
}
