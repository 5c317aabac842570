import type { DeleteGitHubAccountTokenInput, DeleteGitHubAccountTokenOutput } from '@aws-sdk/client-codedeploy';
import type { ActionHandler } from '../action.ts';
import { AwsError } from '../errors.ts';
import { checkName, GITHUB_TOKEN_NAME } from '../resources/names.ts';

/** DeleteGitHubAccountToken: forgets a GitHub connection and answers with its name. */
export const deleteGitHubAccountToken: ActionHandler<DeleteGitHubAccountTokenInput, DeleteGitHubAccountTokenOutput> = async (input, ctx) => {
  const tokenName = checkName(input.tokenName, GITHUB_TOKEN_NAME);
  if (!(await ctx.store.gitHubTokens.delete(tokenName))) {
    throw new AwsError('GitHubAccountTokenDoesNotExistException', `No GitHub account connection exists with the name ${tokenName}.`);
  }
  return { tokenName };
};
