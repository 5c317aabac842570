import type { RevisionLocation } from '@aws-sdk/client-codedeploy';
import type { DeploymentRecord } from '../../store/deployments.ts';
import { AwsError } from '../errors.ts';

/**
 * Builds the deployment specification a host agent receives (host-agent.md §2.2), as JSON.
 * `AllPossibleLifecycleEvents` is left out: the official agent's daemon fails Install when it
 * is present.
 */
export function deploymentSpecification(deployment: DeploymentRecord): string {
  const { details } = deployment;
  return JSON.stringify({
    DeploymentId: deployment.deploymentId,
    DeploymentGroupId: deployment.control.deploymentGroupId ?? deployment.deploymentGroupName,
    DeploymentGroupName: deployment.deploymentGroupName,
    ApplicationName: deployment.applicationName,
    DeploymentCreator: details.creator ?? 'user',
    DeploymentType: details.deploymentStyle?.deploymentType ?? 'IN_PLACE',
    AppSpecFilename: 'appspec.yml',
    Revision: specRevision(details.revision),
    AgentActionOverrides: { AgentOverrides: { FileExistsBehavior: details.fileExistsBehavior ?? 'DISALLOW' } },
  });
}

function specRevision(revision: RevisionLocation | undefined): unknown {
  if (revision?.revisionType === 'S3' && revision.s3Location) {
    const s3 = revision.s3Location;
    return {
      RevisionType: 'S3',
      S3Revision: { Bucket: s3.bucket, Key: s3.key, BundleType: s3.bundleType, ...(s3.version ? { Version: s3.version } : {}), ...(s3.eTag ? { ETag: s3.eTag } : {}) },
    };
  }
  if (revision?.revisionType === 'GitHub' && revision.gitHubLocation) {
    const [account, repository] = (revision.gitHubLocation.repository ?? '').split('/', 2);
    return { RevisionType: 'GitHub', GitHubRevision: { Account: account, Repository: repository, CommitId: revision.gitHubLocation.commitId, Anonymous: true } };
  }
  throw new AwsError('ClientException', `Revision type ${revision?.revisionType ?? '(none)'} cannot be deployed to a host`);
}
