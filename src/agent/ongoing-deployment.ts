import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { buildDiagnostics, HOOK_ERROR_CODES, type HookDiagnostics } from './hooks/index.ts';
import type { DeploymentRootLayout } from './layout.ts';

/** Tracking files older than this are stale after a restart and are not reported. */
export const RECOVERY_MAX_AGE_MS = 24 * 3600 * 1000;

/** The official agent's message for a command cut short by an agent restart. */
export const RESTART_FAILURE_MESSAGE = 'Failed: Failing in-progress lifecycle event after an agent restart.';

/** A command that was running when the agent last stopped. */
export interface InterruptedCommand {
  deploymentId: string;
  hostCommandId: string;
}

/** Records that a command is running: `<root>/ongoing-deployment/<DeploymentId>` holds its id. */
export async function writeTrackingFile(layout: DeploymentRootLayout, deploymentId: string, hostCommandId: string): Promise<void> {
  const file = layout.ongoingFile(deploymentId);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, hostCommandId);
}

/** Removes a command's tracking file once its completion has been delivered. */
export async function removeTrackingFile(layout: DeploymentRootLayout, deploymentId: string): Promise<void> {
  await rm(layout.ongoingFile(deploymentId), { force: true });
}

/**
 * The command to report after a restart (host-agent.md §1.3): the most recently modified
 * tracking file, if it is younger than 24 hours. Older files and empty ones are ignored.
 */
export async function findInterruptedCommand(layout: DeploymentRootLayout, nowMs: number): Promise<InterruptedCommand | undefined> {
  const dir = ongoingDir(layout);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const files = await Promise.all(names.map(async (name) => ({ name, stats: await stat(join(dir, name)) })));
  const newest = files.filter((f) => f.stats.isFile() && nowMs - f.stats.mtimeMs < RECOVERY_MAX_AGE_MS)
    .sort((a, b) => b.stats.mtimeMs - a.stats.mtimeMs)[0];
  if (!newest) return undefined;
  const hostCommandId = (await readFile(join(dir, newest.name), 'utf8')).trim();
  return hostCommandId ? { deploymentId: newest.name, hostCommandId } : undefined;
}

/** Deletes the whole tracking directory, as the official agent does after reporting. */
export async function clearTrackingFiles(layout: DeploymentRootLayout): Promise<void> {
  await rm(ongoingDir(layout), { recursive: true, force: true });
}

/** The completion diagnostics of a command interrupted by a restart: error code 7. */
export function restartFailureDiagnostics(): HookDiagnostics {
  return buildDiagnostics({ errorCode: HOOK_ERROR_CODES.FAILED_AFTER_RESTART, message: RESTART_FAILURE_MESSAGE });
}

function ongoingDir(layout: DeploymentRootLayout): string {
  return dirname(layout.ongoingFile('x'));
}
