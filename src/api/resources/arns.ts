import { parseArn, tagKeyOf, type CodeDeployArn } from '../../core/arn.ts';
import type { Store } from '../../store/store.ts';
import { AwsError } from '../errors.ts';
import { applicationMissing, deploymentConfigMissing, deploymentGroupMissing } from './lookups.ts';

/** Anything shaped like an ARN: `arn:partition:service:region:account:resource`. */
const ANY_ARN = /^arn:[^:]+:[^:]+:[^:]*:[^:]*:.+$/;

/** A taggable resource named by an ARN: where its tags live, and whether it exists. */
export interface TaggableResource {
  arn: CodeDeployArn;
  /** The resource_tags key (`tagKeyOf`): region and account do not matter. */
  tagKey: string;
}

/**
 * Parses the ARN of an application, deployment group (`application/group`) or deployment
 * config. A well-formed ARN of anything else is ArnNotSupportedException; text that is no ARN
 * at all is InvalidArnException. The account may be empty, as Terraform sends it.
 */
export function parseTaggableArn(text: string): TaggableResource {
  const arn = parseArn(text);
  if (!arn) {
    if (ANY_ARN.test(text)) throw new AwsError('ArnNotSupportedException', `The ARN ${text} is not a CodeDeploy application, deployment group or deployment config.`);
    throw new AwsError('InvalidArnException', `The ARN ${text} is not valid.`);
  }
  if (arn.resourceType === 'deploymentgroup' && !/^[^/]+\/[^/]+$/.test(arn.resource)) {
    throw new AwsError('InvalidArnException', `The deployment group ARN ${text} must end in application/group.`);
  }
  return { arn, tagKey: tagKeyOf(arn) };
}

/** Throws the …DoesNotExistException for the resource when it does not exist. */
export async function requireTaggable(store: Store, resource: TaggableResource): Promise<void> {
  const { resourceType, resource: name } = resource.arn;
  if (resourceType === 'application') {
    if (!(await store.applications.get(name))) throw applicationMissing(name);
  } else if (resourceType === 'deploymentconfig') {
    if (!(await store.deploymentConfigs.find(name))) throw deploymentConfigMissing(name);
  } else {
    const [app, group] = name.split('/') as [string, string];
    if (!(await store.applications.get(app))) throw applicationMissing(app);
    if (!(await store.deploymentGroups.find(app, group))) throw deploymentGroupMissing(app, group);
  }
}
