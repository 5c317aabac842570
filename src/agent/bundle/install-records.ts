import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { DeploymentRootLayout } from '../layout.ts';

/**
 * The deployment directory recorded as the group's last successful Install, if any. Install
 * writes it; DownloadBundle's pruning and the hook revision selection read it.
 */
export async function lastSuccessfulInstall(layout: DeploymentRootLayout, groupId: string): Promise<string | undefined> {
  return readRecordedDir(layout.lastSuccessfulInstallFile(groupId));
}

/** The deployment directory recorded by the group's most recent DownloadBundle, if any. */
export async function mostRecentInstall(layout: DeploymentRootLayout, groupId: string): Promise<string | undefined> {
  return readRecordedDir(layout.mostRecentInstallFile(groupId));
}

/**
 * Records a deployment as the group's most recent DownloadBundle: the absolute deployment
 * directory, without a newline, as the official agent writes it.
 */
export async function recordMostRecentInstall(layout: DeploymentRootLayout, groupId: string, deploymentId: string): Promise<void> {
  await mkdir(layout.instructionsDir(), { recursive: true });
  await writeFile(layout.mostRecentInstallFile(groupId), resolve(layout.deploymentDir(groupId, deploymentId)));
}

async function readRecordedDir(file: string): Promise<string | undefined> {
  try {
    const text = (await readFile(file, 'utf8')).trim();
    return text === '' ? undefined : resolve(text);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
