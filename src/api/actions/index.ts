import type { ActionHandler } from '../action.ts';
import { addTagsToOnPremisesInstances } from './add-tags-to-on-premises-instances.ts';
import { batchGetApplicationRevisions } from './batch-get-application-revisions.ts';
import { batchGetApplications } from './batch-get-applications.ts';
import { batchGetDeploymentGroups } from './batch-get-deployment-groups.ts';
import { batchGetDeploymentInstances } from './batch-get-deployment-instances.ts';
import { batchGetDeploymentTargets } from './batch-get-deployment-targets.ts';
import { batchGetDeployments } from './batch-get-deployments.ts';
import { batchGetOnPremisesInstances } from './batch-get-on-premises-instances.ts';
import { continueDeployment } from './continue-deployment.ts';
import { createApplication } from './create-application.ts';
import { createDeployment } from './create-deployment.ts';
import { createDeploymentConfig } from './create-deployment-config.ts';
import { createDeploymentGroup } from './create-deployment-group.ts';
import { deleteApplication } from './delete-application.ts';
import { deleteDeploymentConfig } from './delete-deployment-config.ts';
import { deleteDeploymentGroup } from './delete-deployment-group.ts';
import { deleteGitHubAccountToken } from './delete-github-account-token.ts';
import { deleteResourcesByExternalId } from './delete-resources-by-external-id.ts';
import { deregisterOnPremisesInstance } from './deregister-on-premises-instance.ts';
import { getApplication } from './get-application.ts';
import { getApplicationRevision } from './get-application-revision.ts';
import { getDeployment } from './get-deployment.ts';
import { getDeploymentConfig } from './get-deployment-config.ts';
import { getDeploymentGroup } from './get-deployment-group.ts';
import { getDeploymentInstance } from './get-deployment-instance.ts';
import { getDeploymentTarget } from './get-deployment-target.ts';
import { getOnPremisesInstance } from './get-on-premises-instance.ts';
import { listApplicationRevisions } from './list-application-revisions.ts';
import { listApplications } from './list-applications.ts';
import { listDeploymentConfigs } from './list-deployment-configs.ts';
import { listDeploymentGroups } from './list-deployment-groups.ts';
import { listDeploymentInstances } from './list-deployment-instances.ts';
import { listDeploymentTargets } from './list-deployment-targets.ts';
import { listDeployments } from './list-deployments.ts';
import { listGitHubAccountTokenNames } from './list-github-account-token-names.ts';
import { listOnPremisesInstances } from './list-on-premises-instances.ts';
import { listTagsForResource } from './list-tags-for-resource.ts';
import { putLifecycleEventHookExecutionStatus } from './put-lifecycle-event-hook-execution-status.ts';
import { registerApplicationRevision } from './register-application-revision.ts';
import { registerOnPremisesInstance } from './register-on-premises-instance.ts';
import { removeTagsFromOnPremisesInstances } from './remove-tags-from-on-premises-instances.ts';
import { skipWaitTimeForInstanceTermination } from './skip-wait-time-for-instance-termination.ts';
import { stopDeployment } from './stop-deployment.ts';
import { tagResource } from './tag-resource.ts';
import { untagResource } from './untag-resource.ts';
import { updateApplication } from './update-application.ts';
import { updateDeploymentGroup } from './update-deployment-group.ts';

/** Every CodeDeploy_20141006 operation, by name, with its handler. */
export const CODEDEPLOY_ACTIONS: Record<string, ActionHandler> = {
  AddTagsToOnPremisesInstances: addTagsToOnPremisesInstances,
  BatchGetApplicationRevisions: batchGetApplicationRevisions,
  BatchGetApplications: batchGetApplications,
  BatchGetDeploymentGroups: batchGetDeploymentGroups,
  BatchGetDeploymentInstances: batchGetDeploymentInstances,
  BatchGetDeploymentTargets: batchGetDeploymentTargets,
  BatchGetDeployments: batchGetDeployments,
  BatchGetOnPremisesInstances: batchGetOnPremisesInstances,
  ContinueDeployment: continueDeployment,
  CreateApplication: createApplication,
  CreateDeployment: createDeployment,
  CreateDeploymentConfig: createDeploymentConfig,
  CreateDeploymentGroup: createDeploymentGroup,
  DeleteApplication: deleteApplication,
  DeleteDeploymentConfig: deleteDeploymentConfig,
  DeleteDeploymentGroup: deleteDeploymentGroup,
  DeleteGitHubAccountToken: deleteGitHubAccountToken,
  DeleteResourcesByExternalId: deleteResourcesByExternalId,
  DeregisterOnPremisesInstance: deregisterOnPremisesInstance,
  GetApplication: getApplication,
  GetApplicationRevision: getApplicationRevision,
  GetDeployment: getDeployment,
  GetDeploymentConfig: getDeploymentConfig,
  GetDeploymentGroup: getDeploymentGroup,
  GetDeploymentInstance: getDeploymentInstance,
  GetDeploymentTarget: getDeploymentTarget,
  GetOnPremisesInstance: getOnPremisesInstance,
  ListApplicationRevisions: listApplicationRevisions,
  ListApplications: listApplications,
  ListDeploymentConfigs: listDeploymentConfigs,
  ListDeploymentGroups: listDeploymentGroups,
  ListDeploymentInstances: listDeploymentInstances,
  ListDeploymentTargets: listDeploymentTargets,
  ListDeployments: listDeployments,
  ListGitHubAccountTokenNames: listGitHubAccountTokenNames,
  ListOnPremisesInstances: listOnPremisesInstances,
  ListTagsForResource: listTagsForResource,
  PutLifecycleEventHookExecutionStatus: putLifecycleEventHookExecutionStatus,
  RegisterApplicationRevision: registerApplicationRevision,
  RegisterOnPremisesInstance: registerOnPremisesInstance,
  RemoveTagsFromOnPremisesInstances: removeTagsFromOnPremisesInstances,
  SkipWaitTimeForInstanceTermination: skipWaitTimeForInstanceTermination,
  StopDeployment: stopDeployment,
  TagResource: tagResource,
  UntagResource: untagResource,
  UpdateApplication: updateApplication,
  UpdateDeploymentGroup: updateDeploymentGroup,
};
