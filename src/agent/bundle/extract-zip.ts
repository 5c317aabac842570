import { constants } from 'node:fs';
import { chmod, mkdir, open, symlink, utimes } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { getFileNameLowLevel, openPromise, type Entry, type ZipFile } from 'yauzl';
import type { ArchiveEntry, ArchiveEntryKind, BundleLimits } from './archive-entry.ts';
import { BundleError, refuseEntry } from './bundle-error.ts';
import { BundleBudget, checkArchiveEntries, type CheckedEntry } from './check-archive-entries.ts';

/** Longest symlink target read from a zip (PATH_MAX). */
const MAX_LINK_TARGET_BYTES = 4096;
const UNIX_HOST = 3;
const MSDOS_DIRECTORY = 0x10;
// O_NOFOLLOW: the checks already rule out symlinks on the way; this is the last line of defence.
const WRITE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW;

interface ZipMember {
  entry: ArchiveEntry;
  raw: Entry;
}

/**
 * Unpacks a zip bundle into `dir`, streaming one entry at a time. The central directory is read
 * and every entry checked (names, kinds, modes, symlink targets, limits) before the first byte
 * is written; modes come from the unix attributes when the zip was made on unix.
 */
export async function extractZip(options: { file: string; dir: string; limits: BundleLimits }): Promise<void> {
  const zip = await readingZip(() => openPromise(options.file, { lazyEntries: true, autoClose: false, decodeStrings: false }));
  try {
    const members = await scanZip(zip, options.limits);
    const checked = checkArchiveEntries(members.map((m) => m.entry), options.limits);
    await writeMembers(zip, options.dir, members, checked);
  } finally {
    zip.close();
  }
}

async function scanZip(zip: ZipFile, limits: BundleLimits): Promise<ZipMember[]> {
  const budget = new BundleBudget(limits);
  const members: ZipMember[] = [];
  await readingZip(async () => {
    for await (const raw of zip.eachEntry()) {
      const entry = await toArchiveEntry(zip, raw);
      budget.add(entry);
      members.push({ entry, raw });
    }
  });
  return members;
}

async function toArchiveEntry(zip: ZipFile, raw: Entry): Promise<ArchiveEntry> {
  // decodeStrings is off so that bad names reach our own checks, which name the entry.
  const name = getFileNameLowLevel(raw.generalPurposeBitFlag, raw.fileNameRaw, raw.extraFields, false);
  if (raw.isEncrypted()) throw refuseEntry(name, 'encrypted entries are not supported');
  if (!raw.canDecodeFileData()) throw refuseEntry(name, `compression method ${raw.compressionMethod} is not supported`);
  const kind = kindOf(name, raw);
  const entry: ArchiveEntry = { name, kind, mode: modeOf(kind, raw), size: kind === 'file' ? raw.uncompressedSize : 0 };
  if (kind === 'symlink') entry.linkTarget = await readLinkTarget(zip, name, raw);
  return entry;
}

function unixMode(raw: Entry): number {
  return raw.versionMadeBy >> 8 === UNIX_HOST ? raw.externalFileAttributes >>> 16 : 0;
}

function kindOf(name: string, raw: Entry): ArchiveEntryKind {
  const type = unixMode(raw) & 0o170000;
  if (type === 0o120000) return 'symlink';
  if (type === 0o040000 || name.endsWith('/') || (raw.externalFileAttributes & MSDOS_DIRECTORY) !== 0) return 'directory';
  return type === 0 || type === 0o100000 ? 'file' : 'other';
}

function modeOf(kind: ArchiveEntryKind, raw: Entry): number {
  const bits = unixMode(raw) & 0o7777;
  if (bits !== 0) return bits;
  return kind === 'directory' ? 0o755 : 0o644;
}

async function readLinkTarget(zip: ZipFile, name: string, raw: Entry): Promise<string> {
  if (raw.uncompressedSize > MAX_LINK_TARGET_BYTES) throw refuseEntry(name, 'the symbolic link target is too long');
  const chunks: Buffer[] = [];
  for await (const chunk of await zip.openReadStreamPromise(raw)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function writeMembers(zip: ZipFile, dir: string, members: ZipMember[], checked: CheckedEntry[]): Promise<void> {
  const directoryModes: { path: string; mode: number }[] = [];
  for (const [i, entry] of checked.entries()) {
    if (entry.path === '') continue;
    const target = join(dir, entry.path);
    await mkdir(entry.kind === 'directory' ? target : dirname(target), { recursive: true, mode: 0o755 });
    if (entry.kind === 'directory') directoryModes.push({ path: target, mode: entry.mode });
    else if (entry.kind === 'symlink') await symlink(entry.linkTarget!, target);
    else await writeFile(zip, members[i]!.raw, target, entry);
  }
  // Deepest first, and only after every file is in place, so a read-only directory cannot
  // stop its own contents from being written.
  for (const { path, mode } of directoryModes.reverse()) await chmod(path, mode);
}

async function writeFile(zip: ZipFile, raw: Entry, target: string, entry: CheckedEntry): Promise<void> {
  await readingZip(async () => {
    const handle = await open(target, WRITE_FLAGS, 0o600);
    await pipeline(await zip.openReadStreamPromise(raw), handle.createWriteStream());
  }, entry.name);
  await chmod(target, entry.mode);
  const modified = raw.getLastModDate();
  await utimes(target, modified, modified);
}

async function readingZip<T>(run: () => Promise<T>, entry?: string): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof BundleError) throw err;
    const at = entry === undefined ? '' : ` (at "${entry}")`;
    throw new BundleError(`Error extracting zip archive: ${(err as Error).message}${at}`, { cause: err, ...(entry ? { entry } : {}) });
  }
}
