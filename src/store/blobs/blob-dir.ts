import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Temporary files start with this; whatever carries it at start-up is left over from a crash. */
const TEMP_PREFIX = '.tmp-';

/** A finished, durable blob. */
export interface WrittenBlob {
  blobId: string;
  size: number;
}

/**
 * BlobDir keeps the bytes of the embedded bundle store: one immutable file per blob, named by a
 * random id, in one flat directory. A blob is written to a temporary file in the same directory,
 * fsynced, then renamed into place, so a blob file is always complete; the database row that
 * refers to it is committed after the rename, so an object exists only once its bytes do.
 */
export class BlobDir {
  readonly #root: string;

  constructor(options: { root: string }) {
    this.#root = options.root;
  }

  /** The directory holding the blobs. */
  get root(): string {
    return this.#root;
  }

  /**
   * Creates the directory and removes temporary files left by a crash, and blobs no row refers
   * to (written but never committed). `isReferenced` answers for a set of ids at once.
   */
  async open(isReferenced: (blobIds: string[]) => Promise<Set<string>>): Promise<void> {
    await mkdir(this.#root, { recursive: true });
    const names = await readdir(this.#root);
    await Promise.all(names.filter((n) => n.startsWith(TEMP_PREFIX)).map((n) => rm(join(this.#root, n), { force: true })));
    const blobs = names.filter((n) => !n.startsWith(TEMP_PREFIX));
    const known = blobs.length ? await isReferenced(blobs) : new Set<string>();
    await Promise.all(blobs.filter((b) => !known.has(b)).map((b) => this.remove(b)));
  }

  /**
   * Streams `source` through `steps` (decoders, hash checks) into a new blob. Any error (a
   * failed check, a client that went away) removes the temporary file and is rethrown.
   */
  async write(source: Readable, steps: Transform[] = []): Promise<WrittenBlob> {
    const blobId = randomUUID();
    const temp = join(this.#root, `${TEMP_PREFIX}${blobId}`);
    const out = createWriteStream(temp, { flags: 'wx' });
    try {
      await pipeline([source, ...steps, out]);
      await fsync(temp);
      await rename(temp, this.pathOf(blobId));
      await fsync(this.#root);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
    return { blobId, size: out.bytesWritten };
  }

  /** Streams the blobs one after another into a new blob (multipart completion). */
  async concat(blobIds: string[], steps: Transform[] = []): Promise<WrittenBlob> {
    const paths = blobIds.map((id) => this.pathOf(id));
    async function* chained(): AsyncGenerator<Buffer> {
      for (const path of paths) yield* createReadStream(path) as AsyncIterable<Buffer>;
    }
    return this.write(Readable.from(chained()), steps);
  }

  /** Opens a blob for reading, `start`..`end` inclusive. Throws ENOENT if it is gone. */
  async read(blobId: string, range?: { start: number; end: number }): Promise<ReadStream> {
    const handle = await open(this.pathOf(blobId), 'r');
    return handle.createReadStream({ ...range });
  }

  /** Deletes a blob; a missing one is fine. */
  async remove(blobId: string): Promise<void> {
    await rm(this.pathOf(blobId), { force: true });
  }

  /** The file of a blob. Ids are ours (UUIDs), never a client's text. */
  pathOf(blobId: string): string {
    if (!/^[0-9a-f-]{36}$/.test(blobId)) throw new Error(`not a blob id: ${blobId}`);
    return join(this.#root, blobId);
  }
}

async function fsync(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
