import type { ListGitHubAccountTokenNamesInput, ListGitHubAccountTokenNamesOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { decodeNextToken, isString, PAGE_SIZE, pageOf } from '../next-token.ts';

/** ListGitHubAccountTokenNames: connected GitHub token names sorted by name, PAGE_SIZE per page. */
export const listGitHubAccountTokenNames: ActionHandler<ListGitHubAccountTokenNamesInput, ListGitHubAccountTokenNamesOutput> = async (input, ctx) => {
  const after = decodeNextToken(input.nextToken, isString);
  const names = await ctx.store.gitHubTokens.listNames({ after, limit: PAGE_SIZE + 1 });
  const page = pageOf(names, (last) => last);
  return { tokenNameList: page.items, nextToken: page.nextToken };
};
