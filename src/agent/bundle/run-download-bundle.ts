import { mkdir } from 'node:fs/promises';
import type { DeploymentRootLayout } from '../layout.ts';
import { DEFAULT_BUNDLE_LIMITS, type BundleLimits } from './archive-entry.ts';
import { BundleError } from './bundle-error.ts';
import type { BundleRevision } from './bundle-revision.ts';
import { extractBundle } from './extract-bundle.ts';
import { recordMostRecentInstall } from './install-records.ts';
import { copyLocalDirectory, linkLocalBundle } from './local-revision.ts';
import { DEFAULT_MAX_REVISIONS, pruneRevisions } from './prune-revisions.ts';
import { downloadS3Bundle, type S3Options } from './s3-download.ts';

/** What the DownloadBundle command needs. */
export interface DownloadBundleRequest {
  layout: DeploymentRootLayout;
  groupId: string;
  deploymentId: string;
  revision: BundleRevision;
  /** Required for S3 revisions. */
  s3?: S3Options;
  limits?: BundleLimits;
  /** Revisions kept per group, the current one included (default 5). */
  maxRevisions?: number;
}

/**
 * Runs the DownloadBundle lifecycle command (host-agent.md §3.3): prunes old revisions, fetches
 * the bundle into `bundle.tar` (S3), links it (Local File) or copies it (Local Directory),
 * unpacks it safely into `deployment-archive`, and records the deployment as the group's most
 * recent install. Throws a BundleError (or a file-system error) on failure; the caller reports
 * its message with error code 5.
 */
export async function runDownloadBundle(request: DownloadBundleRequest): Promise<void> {
  const { layout, groupId, deploymentId, revision } = request;
  const limits = request.limits ?? DEFAULT_BUNDLE_LIMITS;
  await pruneRevisions({ layout, groupId, deploymentId, maxRevisions: request.maxRevisions ?? DEFAULT_MAX_REVISIONS });
  await mkdir(layout.deploymentDir(groupId, deploymentId), { recursive: true });
  const archiveDir = layout.archiveDir(groupId, deploymentId);
  if (isDirectoryRevision(revision)) {
    await copyLocalDirectory(revision, archiveDir);
  } else {
    const bundleFile = layout.bundleFile(groupId, deploymentId);
    await fetchArchive(request, bundleFile, limits);
    await extractBundle({ bundleFile, archiveDir, bundleType: revision.bundleType ?? 'tar', limits });
  }
  await recordMostRecentInstall(layout, groupId, deploymentId);
}

function isDirectoryRevision(revision: BundleRevision): revision is Extract<BundleRevision, { revisionType: 'Local File' | 'Local Directory' }> {
  return revision.revisionType === 'Local Directory' || (revision.revisionType === 'Local File' && revision.bundleType === 'directory');
}

async function fetchArchive(request: DownloadBundleRequest, bundleFile: string, limits: BundleLimits): Promise<void> {
  const { revision } = request;
  switch (revision.revisionType) {
    case 'S3':
      if (!request.s3) throw new BundleError('S3 revisions need S3 settings (region, endpoint, credentials)');
      return downloadS3Bundle({ s3: request.s3, revision, destination: bundleFile, maxBytes: limits.maxBytes });
    case 'Local File':
    case 'Local Directory':
      return linkLocalBundle(revision, bundleFile);
    case 'GitHub':
      throw new BundleError('GitHub revisions are not supported by the Cutover agent; store the bundle in S3 or on the host');
  }
}
