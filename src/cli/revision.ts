import type { BundleType, RevisionLocation, S3Location } from '@aws-sdk/client-codedeploy';
import { CliError } from './output/errors.ts';

const BUNDLE_TYPES: readonly string[] = ['zip', 'tar', 'tgz', 'YAML', 'JSON'];

/**
 * Parses `--s3-location`: either `s3://bucket/key` (bundle type from the key's extension) or
 * the aws CLI's `bucket=B,key=K,bundleType=zip,eTag=E,version=V`, which `cutover push` prints.
 */
export function parseS3Location(text: string, bundleType?: string): S3Location {
  const location = text.startsWith('s3://') ? fromUrl(text) : fromPairs(text);
  const type = bundleType ?? location.bundleType ?? bundleTypeOfKey(location.key!);
  if (!type || !BUNDLE_TYPES.includes(type)) throw new CliError(`cannot tell the bundle type of ${location.key}; add --bundle-type zip|tar|tgz`);
  return { ...location, bundleType: type as BundleType };
}

function fromUrl(text: string): S3Location {
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(text);
  if (!m) throw new CliError(`--s3-location ${text} is not s3://bucket/key`);
  return { bucket: m[1], key: m[2] };
}

function fromPairs(text: string): S3Location {
  const pairs = Object.fromEntries(text.split(',').map((part) => {
    const at = part.indexOf('=');
    return at < 0 ? [part, ''] : [part.slice(0, at).trim(), part.slice(at + 1).trim()];
  }));
  if (!pairs.bucket || !pairs.key) throw new CliError(`--s3-location ${text} is neither s3://bucket/key nor bucket=…,key=…`);
  return { bucket: pairs.bucket, key: pairs.key, bundleType: pairs.bundleType as BundleType | undefined, eTag: pairs.eTag || undefined, version: pairs.version || undefined };
}

function bundleTypeOfKey(key: string): string | undefined {
  if (/\.(tgz|tar\.gz)$/i.test(key)) return 'tgz';
  if (/\.tar$/i.test(key)) return 'tar';
  if (/\.zip$/i.test(key)) return 'zip';
  return undefined;
}

/** The `bucket=…,key=…` form of an S3 location, as `--s3-location` accepts it back. */
export function formatS3Pairs(location: S3Location): string {
  const parts = [`bucket=${location.bucket}`, `key=${location.key}`, `bundleType=${location.bundleType}`];
  if (location.eTag) parts.push(`eTag=${location.eTag}`);
  if (location.version) parts.push(`version=${location.version}`);
  return parts.join(',');
}

/** A short human description of a revision: `s3://bucket/key`, `github:repo@commit`, or the kind. */
export function describeRevision(revision: RevisionLocation | undefined): string {
  if (!revision) return '-';
  const s3 = revision.s3Location;
  if (s3) return `s3://${s3.bucket}/${s3.key}${s3.version ? `?versionId=${s3.version}` : ''}`;
  if (revision.gitHubLocation) return `github:${revision.gitHubLocation.repository}@${revision.gitHubLocation.commitId?.slice(0, 12)}`;
  return revision.revisionType ?? '-';
}

/**
 * A key that is equal for two revisions exactly when they name the same content: S3 bucket, key,
 * bundle type, version and ETag; GitHub repository and commit; or inline content.
 */
export function revisionKey(revision: RevisionLocation | undefined): string {
  if (!revision) return '';
  const s3 = revision.s3Location;
  if (s3) return JSON.stringify(['S3', s3.bucket, s3.key, s3.bundleType, s3.version ?? '', s3.eTag ?? '']);
  const gh = revision.gitHubLocation;
  if (gh) return JSON.stringify(['GitHub', gh.repository, gh.commitId]);
  const inline = revision.appSpecContent ?? revision.string;
  return JSON.stringify([revision.revisionType, (inline as { content?: string } | undefined)?.content ?? '']);
}
