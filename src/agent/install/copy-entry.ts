import type { Stats } from 'node:fs';
import { chmod, chown, copyFile, readlink, symlink, unlink, utimes } from 'node:fs/promises';
import { lstatOrUndefined } from './fs-probe.ts';
import { InstallError } from './install-error.ts';
import { INSTALL_MESSAGES } from './messages.ts';

/**
 * Copies one revision entry to its destination. A regular file keeps its mode and times, and
 * its owner when the agent runs as root; a symlink is recreated with the same target, never
 * followed. Whatever is at the destination (only there under OVERWRITE) is replaced; a symlink
 * there is replaced rather than written through, so a copy cannot land outside the target path.
 */
export async function copyEntry(source: string, destination: string): Promise<void> {
  const stats = await lstatOrUndefined(source);
  if (!stats) throw new InstallError(INSTALL_MESSAGES.sourceMissing(source));
  if (stats.isSymbolicLink()) {
    const target = await readlink(source);
    await removeIfPresent(destination, () => true);
    await symlink(target, destination);
    return;
  }
  if (!stats.isFile()) throw new InstallError(INSTALL_MESSAGES.unsupportedFileType(source));
  await removeIfPresent(destination, (existing) => existing.isSymbolicLink());
  await copyFile(source, destination);
  // Times, then owner, then mode: chown may clear setuid bits, so the mode goes last.
  await utimes(destination, stats.atime, stats.mtime);
  if (process.getuid?.() === 0) await chown(destination, stats.uid, stats.gid);
  await chmod(destination, stats.mode & 0o7777);
}

async function removeIfPresent(path: string, shouldRemove: (stats: Stats) => boolean): Promise<void> {
  const existing = await lstatOrUndefined(path);
  if (existing && !existing.isDirectory() && shouldRemove(existing)) await unlink(path);
}
