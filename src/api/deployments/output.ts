import type {
  DeploymentInfo, DeploymentTarget, InstanceSummary, LifecycleEvent, RevisionLocation,
} from '@aws-sdk/client-codedeploy';
import type { DeploymentTargetRecord, LifecycleEventRecord } from '../../store/deployment-targets.ts';
import type { DeploymentRecord } from '../../store/deployments.ts';

/**
 * Turns stored deployments and targets into the API's output shapes: epoch-ms times become
 * Dates, internal fields (hook execution ids, the control record) stay inside.
 */

/** A deployment as GetDeployment and BatchGetDeployments return it. */
export function toDeploymentInfo(d: DeploymentRecord): DeploymentInfo {
  const { startTime, revision, previousRevision, ...details } = d.details;
  return {
    applicationName: d.applicationName,
    deploymentGroupName: d.deploymentGroupName,
    deploymentId: d.deploymentId,
    status: d.status,
    createTime: new Date(d.createTime),
    startTime: dateOf(startTime),
    completeTime: dateOf(d.completeTime),
    ...details,
    revision: revision && withoutAppSpecContent(revision),
    previousRevision: previousRevision && withoutAppSpecContent(previousRevision),
    deploymentOverview: { ...d.overview },
    externalId: d.externalId,
  };
}

/** A target as GetDeploymentTarget and BatchGetDeploymentTargets return it, by target type. */
export function toDeploymentTarget(t: DeploymentTargetRecord): DeploymentTarget {
  const common = {
    deploymentId: t.deploymentId,
    targetId: t.targetId,
    targetArn: t.targetArn,
    status: t.status,
    lastUpdatedAt: new Date(t.lastUpdatedAt),
    lifecycleEvents: t.lifecycleEvents.map(toLifecycleEvent),
  };
  switch (t.targetType) {
    case 'InstanceTarget':
      return { deploymentTargetType: t.targetType, instanceTarget: { ...common, instanceLabel: t.instanceLabel } };
    case 'LambdaTarget':
      return { deploymentTargetType: t.targetType, lambdaTarget: { ...common, lambdaFunctionInfo: t.lambdaFunctionInfo } };
    case 'ECSTarget':
      return { deploymentTargetType: t.targetType, ecsTarget: { ...common, taskSetsInfo: t.taskSetsInfo } };
    case 'CloudFormationTarget': {
      const { targetArn: _arn, ...rest } = common;
      return { deploymentTargetType: t.targetType, cloudFormationTarget: rest };
    }
  }
}

/**
 * A target as the deprecated instance operations return it. `instanceId` is the target's ARN
 * (the instance ARN), as AWS reports it, while the list operation returns plain ids.
 */
export function toInstanceSummary(t: DeploymentTargetRecord): InstanceSummary {
  return {
    deploymentId: t.deploymentId,
    instanceId: t.targetArn ?? t.targetId,
    status: t.status,
    lastUpdatedAt: new Date(t.lastUpdatedAt),
    lifecycleEvents: t.lifecycleEvents.map(toLifecycleEvent),
    instanceType: t.instanceLabel,
  };
}

function toLifecycleEvent(e: LifecycleEventRecord): LifecycleEvent {
  return {
    lifecycleEventName: e.lifecycleEventName,
    status: e.status,
    startTime: dateOf(e.startTime),
    endTime: dateOf(e.endTime),
    diagnostics: e.diagnostics,
  };
}

// GetDeployment never returns AppSpec content, only its hash (the model says so); the content
// is available through GetApplicationRevision.
function withoutAppSpecContent(revision: RevisionLocation): RevisionLocation {
  if (!revision.appSpecContent) return revision;
  return { ...revision, appSpecContent: { sha256: revision.appSpecContent.sha256 } };
}

function dateOf(ms: number | undefined): Date | undefined {
  return ms === undefined ? undefined : new Date(ms);
}
