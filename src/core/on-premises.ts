/**
 * Rules for on-premises instances: names, the IAM identities that back them, their ARNs and the
 * limits of the instance operations (codedeploy-semantics.md §12, §13).
 */

/** Tags one instance may carry. */
export const MAX_TAGS_PER_INSTANCE = 10;
/** Instances one AddTags/RemoveTags call may name. */
export const MAX_INSTANCES_PER_TAG_CALL = 100;
/** Names per BatchGetOnPremisesInstances call (the API reference's limit). */
export const MAX_BATCH_GET_INSTANCES = 25;

// Instance names follow the same rules as other CodeDeploy resource names.
const INSTANCE_NAME = /^[A-Za-z0-9+=,.@_-]{1,100}$/;
// An assumed-role session: arn:aws:sts::<account>:assumed-role/<role>/<session>.
const IAM_SESSION_ARN = /^arn:aws[a-z-]*:sts::\d{12}:assumed-role\/[\w+=,.@-]+\/[\w+=,.@-]+$/;
// An IAM user, optionally under a path: arn:aws:iam::<account>:user[/path]/<name>.
const IAM_USER_ARN = /^arn:aws[a-z-]*:iam::\d{12}:user\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]+$/;

/** Returns true when `name` may name an on-premises instance. */
export function isInstanceName(name: string): boolean {
  return INSTANCE_NAME.test(name);
}

/** Returns true when `arn` is an STS assumed-role session ARN. */
export function isIamSessionArn(arn: string): boolean {
  return IAM_SESSION_ARN.test(arn);
}

/** Returns true when `arn` is an IAM user ARN. */
export function isIamUserArn(arn: string): boolean {
  return IAM_USER_ARN.test(arn);
}

/** The ARN of an on-premises instance: `arn:aws:codedeploy:<region>:<account>:instance/<name>`. */
export function instanceArnOf(options: { region: string; accountId: string; instanceName: string }): string {
  return `arn:aws:codedeploy:${options.region}:${options.accountId}:instance/${options.instanceName}`;
}
