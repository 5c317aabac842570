/**
 * One member of a bundle archive as the extractors see it before anything is written, in a form
 * common to tar and zip so that one set of safety checks covers both formats.
 */
export interface ArchiveEntry {
  /** The name exactly as stored in the archive; error messages quote it. */
  name: string;
  kind: ArchiveEntryKind;
  /** Permission bits, including setuid/setgid/sticky (`& 0o7777`). */
  mode: number;
  /** Uncompressed size in bytes (0 for directories and links). */
  size: number;
  /** Symlink target, or the archive-relative path a hard link points at. */
  linkTarget?: string;
}

/**
 * What an entry creates:
 * * `file` - a regular file
 * * `directory` - a directory
 * * `symlink` - a symbolic link (`linkTarget` is relative to the link's directory)
 * * `hardlink` - a tar hard link (`linkTarget` is relative to the archive root)
 * * `other` - devices, FIFOs and anything else: always refused
 */
export type ArchiveEntryKind = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

/** Bounds on what one bundle may expand to. */
export interface BundleLimits {
  /** Total uncompressed bytes of all entries (and of an S3 download). */
  maxBytes: number;
  /** Number of entries. */
  maxEntries: number;
}

/** 4 GiB and 100,000 entries: far above real application bundles, far below a full disk. */
export const DEFAULT_BUNDLE_LIMITS: BundleLimits = { maxBytes: 4 * 1024 ** 3, maxEntries: 100_000 };
