import type { Stats } from 'node:fs';
import { lstat, stat } from 'node:fs/promises';

/** `lstat`, or undefined when nothing is at the path. */
export async function lstatOrUndefined(path: string): Promise<Stats | undefined> {
  return ignoreMissing(() => lstat(path));
}

/** Whether a directory is at the path, following symlinks (a link to a directory counts). */
export async function isDirectory(path: string): Promise<boolean> {
  return (await ignoreMissing(() => stat(path)))?.isDirectory() ?? false;
}

/** Whether anything resolvable is at the path, following symlinks (Ruby's `File.exist?`). */
export async function exists(path: string): Promise<boolean> {
  return (await ignoreMissing(() => stat(path))) !== undefined;
}

/** Runs `probe`, turning "no such file" (and "not a directory" on the way) into undefined. */
export async function ignoreMissing<T>(probe: () => Promise<T>): Promise<T | undefined> {
  try {
    return await probe();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw err;
  }
}
