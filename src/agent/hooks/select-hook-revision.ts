import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { lastSuccessfulInstall, mostRecentInstall } from '../bundle/install-records.ts';
import type { DeploymentRootLayout } from '../layout.ts';
import type { HookDeployment } from './hook-types.ts';

/**
 * Whose appspec and scripts a hook runs:
 * * `current` - the deployment's own revision
 * * `last_successful_install` - the revision of the group's last successful Install
 * * `most_recent_install` - the revision of the group's most recent DownloadBundle
 */
export type HookRevisionSource = 'current' | 'last_successful_install' | 'most_recent_install';

const STOP_EVENTS = new Set(['ApplicationStop', 'BeforeBlockTraffic', 'AfterBlockTraffic']);

/**
 * Which revision an event's hook uses (host-agent.md §3.1): the stop and block-traffic hooks
 * run the previous revision's scripts, since the new one is not installed yet. A blue/green
 * rollback runs the block-traffic hooks from the most recent download (the revision being
 * rolled back, on the replacement hosts) and the allow-traffic hooks and ApplicationStop from
 * the last successful install (on the original hosts).
 */
export function hookRevisionSource(event: string, deployment: Pick<HookDeployment, 'deploymentCreator' | 'deploymentType'>): HookRevisionSource {
  if (deployment.deploymentCreator === 'codeDeployRollback' && deployment.deploymentType === 'BLUE_GREEN') {
    if (event === 'BeforeBlockTraffic' || event === 'AfterBlockTraffic') return 'most_recent_install';
    if (event === 'ApplicationStop' || event === 'BeforeAllowTraffic' || event === 'AfterAllowTraffic') return 'last_successful_install';
    return 'current';
  }
  return STOP_EVENTS.has(event) ? 'last_successful_install' : 'current';
}

/** The deployment directory a hook runs from, its unpacked revision and its script log. */
export interface HookRevision {
  source: HookRevisionSource;
  deploymentDir: string;
  archiveDir: string;
  /** `logs/scripts.log` of that deployment: a previous revision's hooks log into its own log. */
  scriptLog: string;
}

/**
 * Picks the deployment directory whose revision an event's hook runs. A previous revision is
 * used only while the current deployment has no `deployment-archive` yet; once it has one, the
 * hook runs the current revision. Returns undefined, meaning the hook is a no-op, when a
 * previous revision is called for and none is recorded (the group's first deployment).
 */
export async function selectHookRevision(options: {
  layout: DeploymentRootLayout; event: string; deployment: HookDeployment;
}): Promise<HookRevision | undefined> {
  const { layout, deployment } = options;
  const groupId = deployment.deploymentGroupId;
  const current = resolve(layout.deploymentDir(groupId, deployment.deploymentId));
  const source = hookRevisionSource(options.event, deployment);
  const archiveDir = layout.archiveDir(groupId, deployment.deploymentId);
  if (source === 'current' || existsSync(archiveDir)) {
    return { source: 'current', deploymentDir: current, archiveDir, scriptLog: layout.scriptLog(groupId, deployment.deploymentId) };
  }
  const previous = source === 'most_recent_install'
    ? await mostRecentInstall(layout, groupId)
    : await lastSuccessfulInstall(layout, groupId);
  return previous === undefined ? undefined : revisionAt(source, previous);
}

// A recorded directory is used as recorded (the official agent does the same), so the paths
// below it are built here rather than from the layout's ids.
function revisionAt(source: HookRevisionSource, deploymentDir: string): HookRevision {
  return { source, deploymentDir, archiveDir: join(deploymentDir, 'deployment-archive'), scriptLog: join(deploymentDir, 'logs', 'scripts.log') };
}
