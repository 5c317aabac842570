import type {
  AlarmConfiguration, AutoRollbackConfiguration, BlueGreenDeploymentConfiguration, ComputePlatform,
  DeploymentGroupInfo, DeploymentStyle, EC2TagFilter, EC2TagSet, ECSService, LastDeploymentInfo,
  LoadBalancerInfo, OnPremisesTagSet, OutdatedInstancesStrategy, RevisionLocation, TagFilter, TriggerConfig,
} from '@aws-sdk/client-codedeploy';
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/**
 * The settings of a deployment group, kept as JSON in its `body` column. Defaults are already
 * filled in (deploymentStyle, outdatedInstancesStrategy, terminationHookEnabled), and settings a
 * caller cleared are absent rather than empty.
 */
export interface DeploymentGroupSettings {
  serviceRoleArn: string;
  deploymentStyle: Required<DeploymentStyle>;
  outdatedInstancesStrategy: OutdatedInstancesStrategy;
  terminationHookEnabled: boolean;
  ec2TagFilters?: EC2TagFilter[];
  onPremisesInstanceTagFilters?: TagFilter[];
  ec2TagSet?: EC2TagSet;
  onPremisesTagSet?: OnPremisesTagSet;
  /** Auto Scaling group names; returned as `[{ name }]`. */
  autoScalingGroups?: string[];
  triggerConfigurations?: TriggerConfig[];
  alarmConfiguration?: AlarmConfiguration;
  autoRollbackConfiguration?: AutoRollbackConfiguration;
  blueGreenDeploymentConfiguration?: BlueGreenDeploymentConfiguration;
  loadBalancerInfo?: LoadBalancerInfo;
  ecsServices?: ECSService[];
}

/** A deployment group as stored: identity columns plus its settings. */
export interface DeploymentGroupRecord {
  deploymentGroupId: string;
  applicationName: string;
  deploymentGroupName: string;
  deploymentConfigName: string;
  settings: DeploymentGroupSettings;
}

/** What the group's deployments say about it; each member is absent when no deployment qualifies. */
export interface DeploymentHistory {
  lastAttemptedDeployment?: LastDeploymentInfo;
  lastSuccessfulDeployment?: LastDeploymentInfo;
  targetRevision?: RevisionLocation;
}

/**
 * Builds DeploymentGroupInfo as GetDeploymentGroup returns it. The four lists below are `[]`
 * when unset because AWS returns them so and clients (Terraform's provider among them) read
 * them as sets; absent structures stay absent, never `{}`.
 */
export function toDeploymentGroupInfo(record: DeploymentGroupRecord, computePlatform: ComputePlatform, history: DeploymentHistory): DeploymentGroupInfo {
  const s = record.settings;
  return {
    applicationName: record.applicationName,
    deploymentGroupId: record.deploymentGroupId,
    deploymentGroupName: record.deploymentGroupName,
    deploymentConfigName: record.deploymentConfigName,
    computePlatform,
    serviceRoleArn: s.serviceRoleArn,
    ec2TagFilters: s.ec2TagFilters ?? [],
    onPremisesInstanceTagFilters: s.onPremisesInstanceTagFilters ?? [],
    autoScalingGroups: (s.autoScalingGroups ?? []).map((name) => ({ name })),
    triggerConfigurations: s.triggerConfigurations ?? [],
    ec2TagSet: s.ec2TagSet,
    onPremisesTagSet: s.onPremisesTagSet,
    alarmConfiguration: s.alarmConfiguration,
    autoRollbackConfiguration: s.autoRollbackConfiguration,
    deploymentStyle: { ...s.deploymentStyle },
    outdatedInstancesStrategy: s.outdatedInstancesStrategy,
    blueGreenDeploymentConfiguration: s.blueGreenDeploymentConfiguration,
    loadBalancerInfo: s.loadBalancerInfo,
    ecsServices: s.ecsServices,
    terminationHookEnabled: s.terminationHookEnabled,
    ...history,
  };
}

/**
 * Reads the group's newest deployment and newest successful one from the `deployments` table
 * (newest by create_time). targetRevision is the revision of the newest successful deployment.
 */
export async function readDeploymentHistory(db: Kysely<Database>, applicationName: string, deploymentGroupName: string): Promise<DeploymentHistory> {
  const base = db.selectFrom('deployments').select(['deployment_id', 'status', 'create_time', 'complete_time', 'body'])
    .where('application_name', '=', applicationName).where('deployment_group_name', '=', deploymentGroupName)
    .orderBy('create_time', 'desc').orderBy('deployment_id', 'desc').limit(1);
  const [attempted, succeeded] = await Promise.all([
    base.executeTakeFirst(),
    base.where('status', '=', 'Succeeded').executeTakeFirst(),
  ]);
  return {
    lastAttemptedDeployment: attempted && lastDeploymentInfo(attempted),
    lastSuccessfulDeployment: succeeded && lastDeploymentInfo(succeeded),
    targetRevision: succeeded && revisionOf(succeeded.body),
  };
}

function lastDeploymentInfo(row: { deployment_id: string; status: string; create_time: number; complete_time: number | null }): LastDeploymentInfo {
  return {
    deploymentId: row.deployment_id,
    status: row.status as LastDeploymentInfo['status'],
    createTime: new Date(row.create_time),
    endTime: row.complete_time === null ? undefined : new Date(row.complete_time),
  };
}

function revisionOf(body: string): RevisionLocation | undefined {
  try {
    const parsed = JSON.parse(body) as { revision?: RevisionLocation };
    return parsed.revision ?? undefined;
  } catch {
    // A body this repository cannot read only costs the targetRevision member, not the group.
    return undefined;
  }
}
