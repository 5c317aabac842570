import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BundleRevision } from '../bundle/index.ts';
import { LocalDeploymentError } from './local-error.ts';

/** The bundle types `--type` accepts, in the official message's order. */
export const LOCAL_BUNDLE_TYPES = ['tgz', 'tar', 'zip', 'directory'] as const;

/** One of {@link LOCAL_BUNDLE_TYPES}. */
export type LocalBundleType = (typeof LOCAL_BUNDLE_TYPES)[number];

/** What `--bundle-location`, `--type` and `--appspec-filename` resolve to. */
export interface LocalBundle {
  revision: BundleRevision;
  /** The location as given, for messages and the default application name. */
  location: string;
}

/**
 * Checks `--type` and `--bundle-location` with the official tool's rules and messages and turns
 * them into the revision the agent's DownloadBundle fetches: a local archive (`Local File`), a
 * local directory (`Local Directory`, with its appspec checked up front), or
 * `s3://bucket/key[?versionId=…&etag=…]`. Relative paths and `file://` URLs are resolved
 * against `cwd`. `http://` is refused; GitHub locations are refused because Cutover's agent
 * does not download from GitHub.
 */
export function resolveLocalBundle(options: { location: string; type: string; appSpecFilename?: string; cwd: string }): LocalBundle {
  const { location, type } = options;
  if (!(LOCAL_BUNDLE_TYPES as readonly string[]).includes(type)) {
    throw new LocalDeploymentError(`type ${type} is not a valid type. Must be one of ${LOCAL_BUNDLE_TYPES.join(',')}`);
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(location)?.[1]?.toLowerCase();
  if (scheme === 'http') throw new LocalDeploymentError(`location ${location} cannot be http, only encrypted (https) url endpoints supported`);
  if (scheme === 's3') return { location, revision: s3Revision(location, type) };
  if (scheme === 'https') {
    throw new LocalDeploymentError(`location ${location} is a GitHub or web location; Cutover's agent does not download those. Use a local path or s3://bucket/key`);
  }
  if (scheme !== undefined && scheme !== 'file') {
    throw new LocalDeploymentError(`unknown location ${location} cannot be determined to be S3, Github, or a local file / directory`);
  }
  const path = resolve(options.cwd, scheme === 'file' ? decodeURIComponent(new URL(location).pathname) : location);
  checkLocalPath(location, path, type, options.appSpecFilename);
  const revisionType = type === 'directory' ? 'Local Directory' : 'Local File';
  return { location, revision: { revisionType, location: path, bundleType: type } };
}

function checkLocalPath(location: string, path: string, type: string, appSpecFilename: string | undefined): void {
  if (!existsSync(path)) throw new LocalDeploymentError(`location ${location} is specified as a file or directory which does not exist`);
  const isDirectory = statSync(path).isDirectory();
  if (type === 'directory' && !isDirectory) throw new LocalDeploymentError(`location ${location} is specified with type directory but it is a file`);
  if (type !== 'directory' && isDirectory) throw new LocalDeploymentError(`location ${location} is specified as a compressed local file but it is a directory`);
  if (isDirectory) checkDirectoryAppSpec(path, appSpecFilename);
}

function checkDirectoryAppSpec(dir: string, name: string | undefined): void {
  if (name !== undefined && !existsSync(resolve(dir, name))) {
    throw new LocalDeploymentError(`Expecting appspec file at location ${dir}/${name} but it is not found there. Please either run the CLI from within a directory containing the ${name} file or specify a bundle location containing an ${name} file in its root directory`);
  }
  if (name === undefined && !existsSync(resolve(dir, 'appspec.yml')) && !existsSync(resolve(dir, 'appspec.yaml'))) {
    throw new LocalDeploymentError(`Expecting appspec file at location ${dir}/appspec.yml or ${dir}/appspec.yaml but it is not found there. Please either run the CLI from within a directory containing the appspec.yml or appspec.yaml file or specify a bundle location containing an appspec.yml or appspec.yaml file in its root directory`);
  }
}

// s3://bucket/key?versionId=…&etag=… (the key may contain slashes).
function s3Revision(location: string, type: string): BundleRevision {
  if (type === 'directory') {
    throw new LocalDeploymentError(`location ${location} is an S3 object, so its type must be one of tgz,tar,zip (give --type)`);
  }
  const url = new URL(location);
  const key = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (url.hostname === '' || key === '') throw new LocalDeploymentError(`location ${location} must name a bucket and a key: s3://bucket/key`);
  const version = url.searchParams.get('versionId');
  const eTag = url.searchParams.get('etag');
  return { revisionType: 'S3', bucket: url.hostname, key, bundleType: type, ...(version ? { version } : {}), ...(eTag ? { eTag } : {}) };
}
