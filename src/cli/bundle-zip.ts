import { createReadStream, existsSync, lstatSync, readdirSync, readlinkSync, type Stats } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import { CliError } from './output/errors.ts';

/** Directory names never put into a bundle. */
const SKIPPED = new Set(['.git']);

/** A zip being written as a stream, with what it holds and how far reading has got. */
export interface BundleZip {
  /** The zip's bytes; read them (e.g. upload) to drive the whole process. */
  stream: Readable;
  files: number;
  /** Bytes of file content in the bundle, before compression. */
  contentBytes: number;
  /** File content bytes read into the zip so far (for progress). */
  readBytes(): number;
}

/**
 * Zips a bundle directory as a stream: files are opened one at a time as the zip is read, so
 * memory stays flat whatever the bundle's size. Paths are relative to `dir`, so its
 * appspec.yml (which must exist) sits at the bundle's root; modes and symlinks are kept, and
 * `.git` is left out.
 */
export function zipDirectory(dir: string): BundleZip {
  if (!existsSync(dir) || !lstatSync(dir).isDirectory()) throw new CliError(`--source ${dir} is not a directory`);
  if (!['appspec.yml', 'appspec.yaml'].some((name) => existsSync(join(dir, name)))) {
    throw new CliError(`${dir} has no appspec.yml at its root; the bundle's root must hold it`);
  }
  const zip = new ZipFile();
  let read = 0;
  let files = 0;
  let contentBytes = 0;
  for (const { path, stat } of walk(dir)) {
    const name = relative(dir, path).split(sep).join('/');
    if (stat.isDirectory()) zip.addEmptyDirectory(name, { mtime: stat.mtime, mode: stat.mode });
    else if (stat.isSymbolicLink()) zip.addBuffer(Buffer.from(readlinkSync(path)), name, { mtime: stat.mtime, mode: stat.mode, compress: false });
    else if (stat.isFile()) {
      files += 1;
      contentBytes += stat.size;
      zip.addReadStreamLazy(name, { mtime: stat.mtime, mode: stat.mode, size: stat.size }, (done) => done(null, counted(path, (n) => (read += n))));
    }
  }
  zip.end();
  // yazl reports a file it cannot read (removed or changed size meanwhile) on the ZipFile, not
  // on its output: without this the upload would wait for bytes that never come.
  const stream = zip.outputStream as Readable;
  zip.on('error', (error: Error) => stream.destroy(error));
  return { stream, files, contentBytes, readBytes: () => read };
}

function counted(path: string, onBytes: (n: number) => void): Readable {
  const through = new PassThrough();
  through.on('data', (chunk: Buffer) => onBytes(chunk.length));
  return createReadStream(path).pipe(through);
}

function* walk(dir: string): Generator<{ path: string; stat: Stats }> {
  for (const name of readdirSync(dir).sort()) {
    if (SKIPPED.has(name)) continue;
    const path = join(dir, name);
    const stat = lstatSync(path);
    yield { path, stat };
    if (stat.isDirectory()) yield* walk(path);
  }
}
