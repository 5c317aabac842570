import { cp, rm, stat, symlink } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { BundleError } from './bundle-error.ts';
import type { LocalBundleRevision } from './bundle-revision.ts';

/**
 * Points `bundle.tar` at a local archive with a symlink, as the official agent does for
 * `Local File` revisions, so the archive is not copied.
 */
export async function linkLocalBundle(revision: LocalBundleRevision, bundleFile: string): Promise<void> {
  const stats = await existing(revision);
  if (stats.isDirectory()) {
    throw new BundleError(`The bundle at ${revision.location} is a directory but its bundle type is ${revision.bundleType}`);
  }
  await rm(bundleFile, { force: true });
  await symlink(revision.location, bundleFile);
}

/**
 * Copies a local directory revision into the deployment archive, keeping modes, times and
 * symlinks (recreated, not followed). Nothing is unpacked and no top-level folder is stripped.
 */
export async function copyLocalDirectory(revision: LocalBundleRevision, archiveDir: string): Promise<void> {
  const stats = await existing(revision);
  if (!stats.isDirectory()) throw new BundleError(`The bundle at ${revision.location} is not a directory`);
  await rm(archiveDir, { recursive: true, force: true });
  await cp(revision.location, archiveDir, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
}

async function existing(revision: LocalBundleRevision) {
  if (!isAbsolute(revision.location)) throw new BundleError(`The bundle location must be an absolute path: ${revision.location}`);
  try {
    return await stat(revision.location);
  } catch (err) {
    throw new BundleError(`The bundle does not exist at ${revision.location}`, { cause: err });
  }
}
