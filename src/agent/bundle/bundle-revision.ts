/**
 * The revision a deployment specification names, in the shapes the official agent accepts
 * (host-agent.md §2.2). The specification parser maps `Revision.RevisionType` and its
 * `S3Revision` / `GitHubRevision` / `LocalRevision` members onto this union.
 */
export type BundleRevision = S3BundleRevision | GitHubBundleRevision | LocalBundleRevision;

/** How a bundle is packed. Anything unknown is unpacked as tar, as the official agent does. */
export type BundleType = 'tar' | 'tgz' | 'zip' | 'directory' | (string & {});

/** A bundle stored in an S3-compatible object store. */
export interface S3BundleRevision {
  revisionType: 'S3';
  bucket: string;
  key: string;
  bundleType: BundleType;
  /** Object version to fetch (`versionId`). */
  version?: string;
  /** Expected ETag, compared ignoring quotes. */
  eTag?: string;
}

/** A bundle on GitHub; recognised so that hooks get `BUNDLE_COMMIT`, but not downloadable. */
export interface GitHubBundleRevision {
  revisionType: 'GitHub';
  account: string;
  repository: string;
  commitId: string;
  bundleType?: BundleType;
}

/**
 * A bundle already on the host: an archive file (`Local File`) or an unpacked directory
 * (`Local Directory`, or any revision whose bundle type is `directory`).
 */
export interface LocalBundleRevision {
  revisionType: 'Local File' | 'Local Directory';
  /** Absolute path of the archive or directory. */
  location: string;
  bundleType: BundleType;
}
