import { readdir, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { DeploymentRootLayout } from '../layout.ts';
import { lastSuccessfulInstall } from './install-records.ts';

/** The official agent's default `:max_revisions`. */
export const DEFAULT_MAX_REVISIONS = 5;

/**
 * Deletes a group's oldest deployment directories so that, counting the current one, at most
 * `maxRevisions` remain (host-agent.md §3.3 step 1). The current deployment and the group's
 * last successful install are never deleted, so that ApplicationStop can always run from it.
 * Age is the directory's mtime, as for the official agent. Returns the deleted directories.
 */
export async function pruneRevisions(options: {
  layout: DeploymentRootLayout; groupId: string; deploymentId: string; maxRevisions: number;
}): Promise<string[]> {
  const { layout, groupId, maxRevisions } = options;
  assertMaxRevisions(maxRevisions);
  const current = resolve(layout.deploymentDir(groupId, options.deploymentId));
  const others = (await deploymentDirs(layout.groupDir(groupId))).filter((d) => d.path !== current);
  const extra = others.length - maxRevisions + 1;
  if (extra <= 0) return [];
  const keep = await lastSuccessfulInstall(layout, groupId);
  const doomed = others.filter((d) => d.path !== keep).sort((a, b) => a.mtimeMs - b.mtimeMs).slice(0, extra);
  for (const dir of doomed) await rm(dir.path, { recursive: true, force: true });
  return doomed.map((d) => d.path);
}

/** Throws unless `maxRevisions` is an integer ≥ 1 (the official agent refuses to start otherwise). */
export function assertMaxRevisions(maxRevisions: number): void {
  if (!Number.isInteger(maxRevisions) || maxRevisions < 1) {
    throw new RangeError(`max_revisions must be an integer of at least 1, got ${maxRevisions}`);
  }
}

async function deploymentDirs(groupDir: string): Promise<{ path: string; mtimeMs: number }[]> {
  let names: string[];
  try {
    names = await readdir(groupDir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const dirs = await Promise.all(names.map(async (name) => {
    const path = resolve(join(groupDir, name));
    const stats = await stat(path);
    return stats.isDirectory() ? { path, mtimeMs: stats.mtimeMs } : undefined;
  }));
  return dirs.filter((d) => d !== undefined);
}
