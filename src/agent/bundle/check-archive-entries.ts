import type { ArchiveEntry, BundleLimits } from './archive-entry.ts';
import { entrySegments, resolveInArchive } from './archive-path.ts';
import { BundleError, refuseEntry } from './bundle-error.ts';

/** An entry that passed the checks, with its normalised archive-relative path (`''` is the root). */
export interface CheckedEntry extends ArchiveEntry {
  path: string;
}

/**
 * Counts entries and bytes while an archive is scanned, so that a bomb is refused at the first
 * entry over a limit instead of after reading millions of headers.
 */
export class BundleBudget {
  #limits: BundleLimits;
  #entries = 0;
  #bytes = 0;

  constructor(limits: BundleLimits) {
    this.#limits = limits;
  }

  /** Adds one entry; throws, naming it, when the bundle goes over a limit. */
  add(entry: Pick<ArchiveEntry, 'name' | 'size'>): void {
    if (++this.#entries > this.#limits.maxEntries) {
      throw new BundleError(`Refusing bundle: it has more than ${this.#limits.maxEntries} entries (at "${entry.name}")`, { entry: entry.name });
    }
    this.#bytes += entry.size;
    if (this.#bytes > this.#limits.maxBytes) {
      throw new BundleError(`Refusing bundle: it expands to more than ${this.#limits.maxBytes} bytes (at "${entry.name}")`, { entry: entry.name });
    }
  }
}

/**
 * Checks every entry of an archive before anything is written, and throws a BundleError naming
 * the first bad entry. Refused: `..` and absolute names, devices and FIFOs, setuid/setgid bits,
 * symlinks whose target resolves outside the archive root (following the archive's other
 * symlinks), anything that would be written through one of the archive's symlinks, and hard
 * links that leave the root or pass through a symlink. Checking the whole list first makes the
 * result independent of entry order, which an unpack-and-check-as-you-go loop cannot promise.
 */
export function checkArchiveEntries(entries: readonly ArchiveEntry[], limits: BundleLimits): CheckedEntry[] {
  const budget = new BundleBudget(limits);
  const checked = entries.map((entry) => {
    budget.add(entry);
    return checkOwnFields(entry);
  });
  const symlinks = collectSymlinks(checked);
  for (const entry of checked) checkPlacement(entry, symlinks);
  return checked;
}

function checkOwnFields(entry: ArchiveEntry): CheckedEntry {
  const segments = entrySegments(entry.name);
  if (entry.kind === 'other') throw refuseEntry(entry.name, 'devices, FIFOs and other special files are not allowed');
  if ((entry.mode & 0o6000) !== 0) {
    throw refuseEntry(entry.name, `setuid/setgid bits are not allowed (mode ${(entry.mode & 0o7777).toString(8)})`);
  }
  if (segments.length === 0 && entry.kind !== 'directory') throw refuseEntry(entry.name, 'only a directory may name the archive root');
  if ((entry.kind === 'symlink' || entry.kind === 'hardlink') && !entry.linkTarget) {
    throw refuseEntry(entry.name, 'the link has no target');
  }
  return { ...entry, path: segments.join('/') };
}

function collectSymlinks(entries: readonly CheckedEntry[]): Map<string, string> {
  const kinds = new Map<string, string>();
  const symlinks = new Map<string, string>();
  for (const entry of entries) {
    const previous = kinds.get(entry.path);
    // Repeated files and directories are harmless (the last file wins, as with `unzip -o`);
    // anything else would replace one kind of node with another mid-extraction.
    if (previous !== undefined && (previous !== entry.kind || entry.kind === 'symlink' || entry.kind === 'hardlink')) {
      throw refuseEntry(entry.name, `another entry (a ${previous}) already uses this path`);
    }
    kinds.set(entry.path, entry.kind);
    if (entry.kind === 'symlink') symlinks.set(entry.path, entry.linkTarget!);
  }
  return symlinks;
}

function checkPlacement(entry: CheckedEntry, symlinks: ReadonlyMap<string, string>): void {
  const segments = entry.path === '' ? [] : entry.path.split('/');
  const through = firstSymlinkAncestor(segments, symlinks);
  if (through !== undefined) throw refuseEntry(entry.name, `it would be written through the symbolic link "${through}"`);
  if (entry.kind === 'symlink') checkSymlinkTarget(entry, segments.slice(0, -1), symlinks);
  if (entry.kind === 'hardlink') checkHardLinkTarget(entry, symlinks);
}

function firstSymlinkAncestor(segments: string[], symlinks: ReadonlyMap<string, string>): string | undefined {
  for (let i = 1; i < segments.length; i++) {
    const prefix = segments.slice(0, i).join('/');
    if (symlinks.has(prefix)) return prefix;
  }
  return undefined;
}

function checkSymlinkTarget(entry: CheckedEntry, dir: string[], symlinks: ReadonlyMap<string, string>): void {
  const outcome = resolveInArchive(dir, entry.linkTarget!, symlinks);
  if (outcome === 'escapes') {
    throw refuseEntry(entry.name, `the symbolic link target "${entry.linkTarget}" resolves outside the archive directory`);
  }
  if (outcome === 'loops') throw refuseEntry(entry.name, `the symbolic link target "${entry.linkTarget}" loops`);
}

function checkHardLinkTarget(entry: CheckedEntry, symlinks: ReadonlyMap<string, string>): void {
  let target: string[];
  try {
    target = entrySegments(entry.linkTarget!);
  } catch {
    throw refuseEntry(entry.name, `the hard link target "${entry.linkTarget}" is outside the archive directory`);
  }
  const through = firstSymlinkAncestor([...target, ''], symlinks);
  if (target.length === 0 || through !== undefined) {
    throw refuseEntry(entry.name, `the hard link target "${entry.linkTarget}" is not a plain archive member`);
  }
}
