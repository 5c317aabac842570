import { readFile, rm, rmdir, unlink } from 'node:fs/promises';
import { rubyStrip } from '../appspec/index.ts';
import { ignoreMissing, lstatOrUndefined } from './fs-probe.ts';
import type { InstallLog } from './install-log.ts';
import { isMissingProgram, runCommand } from './system-command.ts';

/** The prefix of cleanup lines that undo an SELinux file-context rule rather than a path. */
export const SEMANAGE_LINE_PREFIX = 'semanage\0';

/**
 * One step of undoing the previous install:
 * * `remove` - delete the path: a symlink or file is unlinked, a directory removed only if empty.
 * * `semanage` - delete the SELinux file-context rule added for the path.
 */
export type CleanupStep = { readonly kind: 'remove'; readonly path: string } | { readonly kind: 'semanage'; readonly path: string };

/**
 * Reads a cleanup file into steps, last line first. A last line without a newline was being
 * written when the install stopped, so its path was never created and it is dropped.
 */
export function parseCleanupFile(contents: string): CleanupStep[] {
  if (contents === '') return [];
  const lines = contents.split('\n');
  lines.pop(); // the unterminated remainder after the last newline ('' when the file ends with one)
  return lines.map(stepOf).reverse();
}

/**
 * Undoes the group's previous install from its cleanup file, then deletes the file. Does
 * nothing when there is no cleanup file. Directories that hold files someone else put there
 * stay, as do paths that are already gone.
 */
export async function undoPreviousInstall(cleanupFile: string, log: InstallLog): Promise<void> {
  const contents = await ignoreMissing(() => readFile(cleanupFile, 'utf8'));
  if (contents === undefined) return;
  for (const step of parseCleanupFile(contents)) {
    if (step.kind === 'remove') await removePath(step.path);
    else await removeContextRule(step.path, log);
  }
  await rm(cleanupFile, { force: true });
}

function stepOf(line: string): CleanupStep {
  if (line.startsWith(SEMANAGE_LINE_PREFIX)) {
    return { kind: 'semanage', path: rubyStrip(line.slice(SEMANAGE_LINE_PREFIX.length)) };
  }
  return { kind: 'remove', path: rubyStrip(line) };
}

async function removePath(path: string): Promise<void> {
  if (path === '') return;
  const stats = await lstatOrUndefined(path);
  if (!stats) return;
  if (!stats.isDirectory()) {
    await ignoreMissing(() => unlink(path));
    return;
  }
  try {
    await rmdir(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // A directory that still holds files (the user's, or another group's) is left in place.
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'ENOENT') throw err;
  }
}

// Best effort, as in the official agent: a rule that cannot be removed does not fail Install.
async function removeContextRule(path: string, log: InstallLog): Promise<void> {
  try {
    const status = await runCommand('semanage', ['fcontext', '-d', path]);
    if (status.code !== 0) log.warn(`semanage fcontext -d ${path} failed: ${status.output.trim()}`);
  } catch (err) {
    if (!isMissingProgram(err)) throw err;
    log.warn(`semanage is not installed; cannot remove the SELinux context rule for ${path}`);
  }
}
