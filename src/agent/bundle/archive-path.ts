import { refuseEntry } from './bundle-error.ts';

/** How many symlinks one path may traverse before it counts as a loop (Linux's limit). */
const MAX_SYMLINK_HOPS = 40;

/**
 * Splits an archive entry name into path segments relative to the archive root, dropping `.`
 * and empty segments (so `./a//b/` is `a/b`). Throws, naming the entry, for absolute names,
 * drive letters and any `..` segment: archives are refused rather than silently rewritten.
 */
export function entrySegments(name: string): string[] {
  if (name.includes('\0')) throw refuseEntry(name, 'the name contains a NUL character');
  if (name.startsWith('/')) throw refuseEntry(name, 'absolute paths are not allowed');
  if (/^[A-Za-z]:/.test(name)) throw refuseEntry(name, 'drive-letter paths are not allowed');
  const segments = name.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) throw refuseEntry(name, 'the path contains ".." and would leave the archive directory');
  return segments;
}

/**
 * Resolves `target` from directory `fromDir` (segments under the archive root) the way the
 * kernel would once the archive is unpacked, following the archive's own symlinks. Returns
 * `escapes` when any step leaves the archive root (an absolute target, a `..` above the root),
 * `loops` after too many symlink hops, else `inside`.
 */
export function resolveInArchive(
  fromDir: string[], target: string, symlinks: ReadonlyMap<string, string>,
): 'inside' | 'escapes' | 'loops' {
  if (target.startsWith('/')) return 'escapes';
  const stack = [...fromDir];
  const pending = target.split('/');
  let hops = 0;
  while (pending.length > 0) {
    const segment = pending.shift()!;
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (stack.length === 0) return 'escapes';
      stack.pop();
      continue;
    }
    stack.push(segment);
    const link = symlinks.get(stack.join('/'));
    if (link === undefined) continue;
    if (++hops > MAX_SYMLINK_HOPS) return 'loops';
    if (link.startsWith('/')) return 'escapes';
    stack.pop();
    pending.unshift(...link.split('/'));
  }
  return 'inside';
}
