import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { FileMapping } from '../appspec/index.ts';
import { expandPath } from './expand-path.ts';
import { exists, isDirectory, lstatOrUndefined } from './fs-probe.ts';
import { InstallError } from './install-error.ts';
import type { EntryLocation, InstructionBuilder } from './instruction-builder.ts';
import { INSTALL_MESSAGES } from './messages.ts';

/** What planning the `files` section needs to know. */
export interface FilePlanContext {
  readonly builder: InstructionBuilder;
  readonly archiveDir: string;
  /** The behaviour in force: the appspec's, else the deployment's, else DISALLOW. */
  readonly fileExistsBehavior: string;
  readonly appSpecFilename: string;
}

/**
 * Plans the copies of one `files` entry. A directory source is copied into `destination`
 * (which is created if missing) recursively; anything else is copied to
 * `destination/<basename>`, since `destination` always names a directory. Missing ancestors of
 * the destination are created first. Existing targets follow the file_exists_behavior; the
 * previous install's files are already gone by now, so only foreign files conflict.
 */
export async function planFileMapping(mapping: FileMapping, context: FilePlanContext): Promise<void> {
  const where: EntryLocation = { filename: context.appSpecFilename, ...mapping.at };
  const source = join(context.archiveDir, mapping.source);
  const destination = expandPath(mapping.destination);
  if ((await lstatOrUndefined(source))?.isDirectory()) {
    await planMissingAncestors(destination, context, where);
    await planDirectoryCopy(source, destination, context, where);
  } else {
    const target = join(destination, basename(source));
    await planMissingAncestors(target, context, where);
    await planFileCopy(source, target, context, where);
  }
}

async function planMissingAncestors(path: string, context: FilePlanContext, where: EntryLocation): Promise<void> {
  const missing: string[] = [];
  for (let parent = dirname(path); parent !== '/' && parent !== '.' && !(await exists(parent)); parent = dirname(parent)) {
    missing.unshift(parent);
  }
  for (const dir of missing) context.builder.mkdir(dir, where);
}

async function planDirectoryCopy(source: string, destination: string, context: FilePlanContext, where: EntryLocation): Promise<void> {
  if (!(await isDirectory(destination))) context.builder.mkdir(destination, where);
  // Sorted for a stable plan; the official agent uses the unsorted listing.
  const entries = (await readdir(source)).sort();
  for (const entry of entries) {
    const entrySource = join(source, entry);
    const entryDestination = join(destination, entry);
    // Symlinks to directories are copied as symlinks, never followed.
    if ((await lstatOrUndefined(entrySource))?.isDirectory()) {
      await planDirectoryCopy(entrySource, entryDestination, context, where);
    } else {
      await planFileCopy(entrySource, entryDestination, context, where);
    }
  }
}

async function planFileCopy(source: string, destination: string, context: FilePlanContext, where: EntryLocation): Promise<void> {
  // lstat: a dangling symlink at the destination is still a file that exists.
  if (!(await lstatOrUndefined(destination))) return context.builder.copy(source, destination, where);
  switch (context.fileExistsBehavior) {
    case 'DISALLOW':
      throw new InstallError(INSTALL_MESSAGES.fileExists(destination));
    case 'OVERWRITE':
      return context.builder.copy(source, destination, where);
    case 'RETAIN':
      return;
    default:
      throw new InstallError(INSTALL_MESSAGES.invalidFileExistsBehavior(context.fileExistsBehavior));
  }
}
