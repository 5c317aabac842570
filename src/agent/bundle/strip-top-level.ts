import { lstat, readdir, rename, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';

const APPSPEC_PATTERN = /appspec/i;

/**
 * Makes a bundle packed as one top-level folder (`zip -r app.zip app/`) look like one packed
 * from inside it: when the archive root holds exactly one entry, that entry is a directory,
 * and it directly contains an entry whose name matches /appspec/i, its contents become the
 * root (host-agent.md §3.3 step 4). Returns true when it stripped.
 */
export async function stripTopLevelDirectory(archiveDir: string): Promise<boolean> {
  const top = await soleDirectory(archiveDir);
  if (top === undefined) return false;
  const names = await readdir(join(archiveDir, top));
  if (!names.some((name) => APPSPEC_PATTERN.test(name))) return false;
  // Move the folder aside first: it may contain an entry with its own name (app/app/...).
  const aside = `${archiveDir}.strip`;
  await rm(aside, { recursive: true, force: true });
  await rename(join(archiveDir, top), aside);
  await rmdir(archiveDir);
  await rename(aside, archiveDir);
  return true;
}

async function soleDirectory(dir: string): Promise<string | undefined> {
  const names = await readdir(dir);
  if (names.length !== 1) return undefined;
  const stats = await lstat(join(dir, names[0]!));
  return stats.isDirectory() ? names[0] : undefined;
}
