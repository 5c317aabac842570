import type { ListApplicationsInput, ListApplicationsOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { decodeNextToken, isString, PAGE_SIZE, pageOf } from '../next-token.ts';

/** ListApplications: application names sorted by name, PAGE_SIZE per page. */
export const listApplications: ActionHandler<ListApplicationsInput, ListApplicationsOutput> = async (input, ctx) => {
  const after = decodeNextToken(input.nextToken, isString);
  const names = await ctx.store.applications.listNames({ after, limit: PAGE_SIZE + 1 });
  const page = pageOf(names, (last) => last);
  return { applications: page.items, nextToken: page.nextToken };
};
