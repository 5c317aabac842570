import { AwsError, type AwsErrorName } from '../errors.ts';

/** Resource names: 1–100 characters from `[A-Za-z0-9+=,.@_-]` (codedeploy-semantics.md §13). */
const NAME_PATTERN = /^[A-Za-z0-9+=,.@_-]{1,100}$/;

/** What a name names, with the errors AWS returns for it missing or malformed. */
export interface NameKind {
  label: string;
  required: AwsErrorName;
  invalid: AwsErrorName;
}

/** Application names. */
export const APPLICATION_NAME: NameKind = {
  label: 'Application name', required: 'ApplicationNameRequiredException', invalid: 'InvalidApplicationNameException',
};

/** Deployment group names. */
export const DEPLOYMENT_GROUP_NAME: NameKind = {
  label: 'Deployment group name', required: 'DeploymentGroupNameRequiredException', invalid: 'InvalidDeploymentGroupNameException',
};

/** Deployment config names. */
export const DEPLOYMENT_CONFIG_NAME: NameKind = {
  label: 'Deployment config name', required: 'DeploymentConfigNameRequiredException', invalid: 'InvalidDeploymentConfigNameException',
};

/** GitHub account token names. */
export const GITHUB_TOKEN_NAME: NameKind = {
  label: 'GitHub account token name', required: 'GitHubAccountTokenNameRequiredException', invalid: 'InvalidGitHubAccountTokenNameException',
};

/**
 * Returns `value` when it is a valid name of `kind`; throws the kind's RequiredException when
 * it is absent or empty and its Invalid…NameException otherwise (unicode included: the
 * pattern is ASCII only, so no name can smuggle look-alike characters).
 */
export function checkName(value: string | undefined, kind: NameKind): string {
  if (value === undefined || value === '') throw new AwsError(kind.required, `${kind.label} is required.`);
  if (!NAME_PATTERN.test(value)) {
    throw new AwsError(kind.invalid, `${kind.label} is invalid: use 1 to 100 characters from A-Z, a-z, 0-9 and + = , . @ _ -`);
  }
  return value;
}
