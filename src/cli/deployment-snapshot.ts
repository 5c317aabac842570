import {
  BatchGetDeploymentTargetsCommand, GetDeploymentCommand, ListDeploymentTargetsCommand,
  type CodeDeployClient, type DeploymentInfo, type DeploymentTarget, type LifecycleEvent,
} from '@aws-sdk/client-codedeploy';

/** One target of a deployment, whatever its platform: its id, status and lifecycle events. */
export interface TargetState {
  targetId: string;
  status: string;
  lifecycleEvents: LifecycleEvent[];
}

/** A deployment as read at one moment: its info and every target. */
export interface DeploymentSnapshot {
  info: DeploymentInfo;
  targets: TargetState[];
}

/** Deployment statuses after which nothing changes any more. */
export const FINAL_STATUSES: ReadonlySet<string> = new Set(['Succeeded', 'Failed', 'Stopped']);

/** The most targets BatchGetDeploymentTargets takes at once. */
const TARGET_BATCH = 25;

/** Reads a deployment and all its targets (ListDeploymentTargets, then BatchGetDeploymentTargets). */
export async function readDeployment(client: CodeDeployClient, deploymentId: string): Promise<DeploymentSnapshot> {
  const { deploymentInfo } = await client.send(new GetDeploymentCommand({ deploymentId }));
  const ids = await targetIds(client, deploymentId);
  const targets: TargetState[] = [];
  for (let i = 0; i < ids.length; i += TARGET_BATCH) {
    const { deploymentTargets } = await client.send(new BatchGetDeploymentTargetsCommand({ deploymentId, targetIds: ids.slice(i, i + TARGET_BATCH) }));
    targets.push(...(deploymentTargets ?? []).map(stateOf));
  }
  targets.sort((a, b) => a.targetId.localeCompare(b.targetId));
  return { info: deploymentInfo!, targets };
}

async function targetIds(client: CodeDeployClient, deploymentId: string): Promise<string[]> {
  const ids: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new ListDeploymentTargetsCommand({ deploymentId, nextToken }));
    ids.push(...(page.targetIds ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return ids;
}

function stateOf(target: DeploymentTarget): TargetState {
  const t = target.instanceTarget ?? target.lambdaTarget ?? target.ecsTarget ?? target.cloudFormationTarget;
  return { targetId: t?.targetId ?? '?', status: t?.status ?? 'Unknown', lifecycleEvents: t?.lifecycleEvents ?? [] };
}

/** The event a target is at: the running one, else the one that failed, else the last one that ran. */
export function currentEvent(target: TargetState): LifecycleEvent | undefined {
  const events = target.lifecycleEvents;
  return events.find((e) => e.status === 'InProgress') ?? events.find((e) => e.status === 'Failed')
    ?? [...events].reverse().find((e) => e.status === 'Succeeded');
}
