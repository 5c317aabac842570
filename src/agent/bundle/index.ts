/**
 * The agent's DownloadBundle step: fetch (S3, Local File, Local Directory), safe unpacking,
 * revision pruning and the install records that hook revision selection reads.
 */
export { DEFAULT_BUNDLE_LIMITS, type BundleLimits } from './archive-entry.ts';
export { BundleError } from './bundle-error.ts';
export type { BundleRevision, BundleType, GitHubBundleRevision, LocalBundleRevision, S3BundleRevision } from './bundle-revision.ts';
export { extractBundle } from './extract-bundle.ts';
export { lastSuccessfulInstall, mostRecentInstall, recordMostRecentInstall } from './install-records.ts';
export { DEFAULT_MAX_REVISIONS, assertMaxRevisions, pruneRevisions } from './prune-revisions.ts';
export { runDownloadBundle, type DownloadBundleRequest } from './run-download-bundle.ts';
export { downloadS3Bundle, type S3Options } from './s3-download.ts';
