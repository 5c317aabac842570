/** The CodeDeploy resource kinds that have ARNs. */
export type ArnResourceType = 'application' | 'deploymentgroup' | 'deploymentconfig';

/** A parsed CodeDeploy ARN. `account` may be empty: Terraform sends ARNs without one. */
export interface CodeDeployArn {
  region: string;
  account: string;
  resourceType: ArnResourceType;
  /** `name` for applications and configs, `application/group` for deployment groups. */
  resource: string;
}

const ARN_PATTERN = /^arn:aws[a-z-]*:codedeploy:([a-z0-9-]*):(\d{12}|):(application|deploymentgroup|deploymentconfig):(.+)$/;

/** Builds the ARN of a CodeDeploy resource. */
export function formatArn(arn: CodeDeployArn): string {
  return `arn:aws:codedeploy:${arn.region}:${arn.account}:${arn.resourceType}:${arn.resource}`;
}

/** Parses a CodeDeploy ARN, or returns undefined when it is not one. */
export function parseArn(text: string): CodeDeployArn | undefined {
  const m = ARN_PATTERN.exec(text);
  if (!m) return undefined;
  return { region: m[1]!, account: m[2]!, resourceType: m[3] as ArnResourceType, resource: m[4]! };
}

/**
 * The canonical key tags are stored under: the ARN without region and account, so that the
 * same resource is found whether or not a client filled those fields in.
 */
export function tagKeyOf(arn: CodeDeployArn): string {
  return `${arn.resourceType}:${arn.resource}`;
}
