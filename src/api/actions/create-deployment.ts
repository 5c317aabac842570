import type { CreateDeploymentInput, CreateDeploymentOutput, DeploymentGroupInfo } from '@aws-sdk/client-codedeploy';
import { activeDeploymentMessage } from '../../core/deployment.ts';
import { newDeploymentId } from '../../core/ids.ts';
import type { ComputePlatform } from '../../core/lifecycle.ts';
import { RevisionStore } from '../../store/revisions.ts';
import type { ActionContext, ActionHandler } from '../action.ts';
import {
  checkAlarmOverride, checkDeploymentRevision, checkDescription, checkPlatformSwitches, effectiveAutoRollback,
} from '../deployments/create-rules.ts';
import { newDeployment, type CheckedDeployment } from '../deployments/new-deployment.ts';
import { checkTargetInstances, resolveTargets } from '../deployments/targets.ts';
import { AwsError } from '../errors.ts';
import { resolveGroupConfig } from '../resources/deployment-group-config.ts';
import { deploymentGroupMissing, requireApplication } from '../resources/lookups.ts';
import { APPLICATION_NAME, checkName, DEPLOYMENT_GROUP_NAME } from '../resources/names.ts';

/**
 * CreateDeployment: checks the request against its application, group and config, resolves
 * the targets from the registered fleet, and stores the deployment (status Created), its
 * targets and the revision's use in one transaction. A group with an active deployment
 * refuses another (DeploymentLimitExceededException, naming the active one).
 */
export const createDeployment: ActionHandler<CreateDeploymentInput, CreateDeploymentOutput> = async (input, ctx) => {
  const checked = await checkRequest(input, ctx);
  const targets = await resolveTargets({
    store: ctx.store, group: checked.group, platform: checked.platform, revision: checked.revision,
    targetInstances: input.targetInstances, deploymentId: checked.deploymentId, now: checked.now,
    region: ctx.region, accountId: ctx.accountId,
  });
  const deployment = newDeployment(checked);
  const outcome = await ctx.store.deployments.create({
    deployment,
    targets,
    alsoInTransaction: (db) => new RevisionStore({ db, clock: ctx.clock }).recordUse({
      applicationName: deployment.applicationName, deploymentGroupName: deployment.deploymentGroupName,
      revision: checked.revision, time: checked.now,
    }),
  });
  if (!outcome.created) {
    throw new AwsError('DeploymentLimitExceededException', activeDeploymentMessage(deployment.deploymentGroupName, outcome.activeDeploymentId));
  }
  return { deploymentId: deployment.deploymentId };
};

async function checkRequest(input: CreateDeploymentInput, ctx: ActionContext): Promise<CheckedDeployment> {
  const group = await requireGroup(input, ctx);
  const platform = (group.computePlatform ?? 'Server') as ComputePlatform;
  const revision = checkDeploymentRevision(input.revision, platform);
  const deploymentConfigName = await resolveGroupConfig(ctx.store, input.deploymentConfigName ?? group.deploymentConfigName, platform);
  checkDescription(input.description);
  checkPlatformSwitches(input, platform);
  checkTargetInstances(input.targetInstances, platform, group);
  return {
    deploymentId: newDeploymentId(),
    input,
    group,
    platform,
    deploymentConfigName,
    revision,
    autoRollbackConfiguration: effectiveAutoRollback(input.autoRollbackConfiguration, group),
    overrideAlarmConfiguration: checkAlarmOverride(input.overrideAlarmConfiguration),
    previousRevision: await ctx.store.deployments.lastSuccessfulRevision(group.applicationName!, group.deploymentGroupName!),
    now: ctx.clock.now(),
  };
}

async function requireGroup(input: CreateDeploymentInput, ctx: ActionContext): Promise<DeploymentGroupInfo> {
  const applicationName = checkName(input.applicationName, APPLICATION_NAME);
  await requireApplication(ctx.store, applicationName);
  const groupName = checkName(input.deploymentGroupName, DEPLOYMENT_GROUP_NAME);
  const group = await ctx.store.deploymentGroups.get(applicationName, groupName);
  if (!group) throw deploymentGroupMissing(applicationName, groupName);
  return group;
}
