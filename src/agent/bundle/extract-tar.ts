import { extract, list, type ReadEntry } from 'tar';
import type { ArchiveEntry, ArchiveEntryKind, BundleLimits } from './archive-entry.ts';
import { BundleError } from './bundle-error.ts';
import { BundleBudget, checkArchiveEntries } from './check-archive-entries.ts';

const KINDS: Partial<Record<string, ArchiveEntryKind>> = {
  File: 'file', OldFile: 'file', ContiguousFile: 'file', Directory: 'directory', SymbolicLink: 'symlink', Link: 'hardlink',
};

/**
 * Unpacks a tar or gzip-compressed tar bundle into `dir` (gzip is detected from the content, as
 * `tar.x` does). Two passes: the first lists and checks every entry without writing anything,
 * the second extracts, and a filter makes sure it sees exactly the entries the first one
 * approved, so a file swapped between the passes cannot slip through.
 */
export async function extractTar(options: { file: string; dir: string; limits: BundleLimits }): Promise<void> {
  const checked = checkArchiveEntries(await scanTar(options.file, options.limits), options.limits);
  let index = 0;
  let unexpected: string | undefined;
  await readingTar(() => extract({
    file: options.file, cwd: options.dir, strict: true,
    // As root, tar would chown to the archive's uids; the owner is the appspec's business.
    preserveOwner: false,
    // Keep modes exactly (the official agent runs `tar -p`), but implicit parents are 0755.
    chmod: true, processUmask: 0, dmode: 0o755, fmode: 0o644,
    filter: (path: string, entry: unknown) => {
      const expected = checked[index++];
      if (!expected || expected.name !== path || expected.kind !== kindOf(entry as ReadEntry)) {
        unexpected ??= path;
        return false;
      }
      return expected.path !== '';
    },
  }));
  if (unexpected !== undefined || index !== checked.length) {
    throw new BundleError(`The tar bundle changed while it was being unpacked (at "${unexpected ?? 'the end'}")`);
  }
}

async function scanTar(file: string, limits: BundleLimits): Promise<ArchiveEntry[]> {
  const budget = new BundleBudget(limits);
  const entries: ArchiveEntry[] = [];
  let refused: unknown;
  await readingTar(() => list({
    file, strict: true,
    onReadEntry: (raw: ReadEntry) => {
      if (refused) return;
      try {
        const entry = toArchiveEntry(raw);
        budget.add(entry);
        entries.push(entry);
      } catch (err) {
        refused = err;
      }
    },
  }));
  if (refused) throw refused;
  return entries;
}

function toArchiveEntry(raw: ReadEntry): ArchiveEntry {
  const kind = kindOf(raw);
  return {
    name: raw.path, kind, mode: (raw.mode ?? 0) & 0o7777,
    size: kind === 'file' ? raw.size ?? 0 : 0,
    ...(raw.linkpath ? { linkTarget: raw.linkpath } : {}),
  };
}

function kindOf(raw: ReadEntry): ArchiveEntryKind {
  return KINDS[raw.type] ?? 'other';
}

async function readingTar(run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (err) {
    if (err instanceof BundleError) throw err;
    throw new BundleError(`Error extracting tar archive: ${(err as Error).message}`, { cause: err });
  }
}
