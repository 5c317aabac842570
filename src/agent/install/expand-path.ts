import { homedir } from 'node:os';
import { resolve } from 'node:path';

/**
 * An absolute, normalised path, as the official agent's `File.expand_path` gives: relative paths
 * resolve against the agent's working directory, `~` against its home, trailing slashes go.
 */
export function expandPath(path: string): string {
  if (path === '~' || path.startsWith('~/')) return resolve(homedir(), path.slice(2));
  return resolve(path);
}
