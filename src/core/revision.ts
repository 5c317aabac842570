import { createHash } from 'node:crypto';

/**
 * Where a revision lives:
 * * `S3` - a bundle (or, for Lambda and ECS, an AppSpec file) in a bucket.
 * * `GitHub` - a commit of a repository; EC2/on-premises only.
 * * `String` - inline AppSpec content; deprecated in favour of AppSpecContent.
 * * `AppSpecContent` - inline AppSpec content for Lambda and ECS.
 */
export type RevisionType = 'S3' | 'GitHub' | 'String' | 'AppSpecContent';

/** The bundle formats an S3 revision may have. */
export type BundleType = 'tar' | 'tgz' | 'zip' | 'YAML' | 'JSON';

/** An S3 revision location. `version` and `eTag` pin one object version when given. */
export interface S3Location {
  bucket?: string;
  key?: string;
  bundleType?: BundleType;
  version?: string;
  eTag?: string;
}

/** Inline AppSpec content (the `string` and `appSpecContent` members share this shape). */
export interface InlineContent {
  content?: string;
  sha256?: string;
}

/** A RevisionLocation as the API carries it. Exactly one location member matters per type. */
export interface RevisionLocation {
  revisionType?: RevisionType;
  s3Location?: S3Location;
  gitHubLocation?: { repository?: string; commitId?: string };
  string?: InlineContent;
  appSpecContent?: InlineContent;
}

/** The outcome of checking a revision: a normalised location, or why it was refused. */
export type RevisionCheck =
  | { ok: true; revision: RevisionLocation }
  | { ok: false; reason: 'required' | 'invalid'; message: string };

const BUNDLE_TYPES: readonly string[] = ['tar', 'tgz', 'zip', 'YAML', 'JSON'];

const MEMBER_OF: Record<RevisionType, keyof RevisionLocation> = {
  S3: 's3Location',
  GitHub: 'gitHubLocation',
  String: 'string',
  AppSpecContent: 'appSpecContent',
};

/**
 * Checks a revision and returns it normalised: `revisionType` set (inferred when the client left
 * it out and exactly one location is present), inline content's `sha256` filled in when absent,
 * and only that type's location kept, so that the same revision is stored and returned alike
 * however it was sent.
 */
export function checkRevision(input: RevisionLocation | undefined): RevisionCheck {
  if (!input || Object.values(input).every((v) => v === undefined)) {
    return { ok: false, reason: 'required', message: 'The revision must be specified.' };
  }
  const type = input.revisionType ?? inferType(input);
  if (!type) return invalid('The revision type must be specified (S3, GitHub, String or AppSpecContent).');
  const member = MEMBER_OF[type];
  if (!member) return invalid(`Unknown revision type ${String(type)}.`);
  const problem = locationProblem(type, input);
  if (problem) return invalid(problem);
  return { ok: true, revision: { revisionType: type, [member]: pickLocation(type, input) } };
}

/**
 * The canonical key of a normalised revision: stable JSON of the fields that identify it, with
 * keys in a fixed order. S3 keys start with the bucket and then the object key, so that a
 * bucket and key-prefix filter is a prefix of the key (see s3KeyPrefix). Inline content is
 * identified by its SHA-256, which keeps keys short enough for a primary-key index.
 */
export function revisionKey(revision: RevisionLocation): string {
  switch (revision.revisionType) {
    case 'S3': {
      const s3 = revision.s3Location ?? {};
      return JSON.stringify({ type: 'S3', bucket: s3.bucket, key: s3.key, bundleType: s3.bundleType, version: s3.version, eTag: s3.eTag });
    }
    case 'GitHub': {
      const gh = revision.gitHubLocation ?? {};
      return JSON.stringify({ type: 'GitHub', repository: gh.repository, commitId: gh.commitId });
    }
    case 'String':
      return JSON.stringify({ type: 'String', sha256: sha256Hex(revision.string?.content ?? '') });
    case 'AppSpecContent':
      return JSON.stringify({ type: 'AppSpecContent', sha256: sha256Hex(revision.appSpecContent?.content ?? '') });
    default:
      throw new Error(`revisionKey needs a normalised revision (got type ${String(revision.revisionType)})`);
  }
}

/**
 * The prefix every revisionKey of an S3 revision in `bucket` (and, when given, with an object key
 * starting with `keyPrefix`) begins with.
 */
export function s3KeyPrefix(bucket: string, keyPrefix?: string): string {
  const head = `{"type":"S3","bucket":${JSON.stringify(bucket)},"key":`;
  // JSON escapes character by character, so the escaped prefix is a prefix of the escaped key.
  return keyPrefix === undefined ? head : `${head}"${JSON.stringify(keyPrefix).slice(1, -1)}`;
}

/** A short human description of a revision for messages, e.g. `s3://bucket/key`. */
export function describeRevision(revision: RevisionLocation): string {
  switch (revision.revisionType) {
    case 'S3':
      return `s3://${revision.s3Location?.bucket}/${revision.s3Location?.key}`;
    case 'GitHub':
      return `${revision.gitHubLocation?.repository}@${revision.gitHubLocation?.commitId}`;
    case 'String':
      return `String content ${sha256Hex(revision.string?.content ?? '').slice(0, 12)}`;
    default:
      return `AppSpecContent ${sha256Hex(revision.appSpecContent?.content ?? '').slice(0, 12)}`;
  }
}

function inferType(input: RevisionLocation): RevisionType | undefined {
  const present = (Object.keys(MEMBER_OF) as RevisionType[]).filter((t) => input[MEMBER_OF[t]] !== undefined);
  return present.length === 1 ? present[0] : undefined;
}

function locationProblem(type: RevisionType, input: RevisionLocation): string | undefined {
  switch (type) {
    case 'S3': {
      const s3 = input.s3Location;
      if (!s3?.bucket || !s3.key) return 'An S3 revision needs s3Location.bucket and s3Location.key.';
      if (!s3.bundleType || !BUNDLE_TYPES.includes(s3.bundleType)) {
        return 'An S3 revision needs s3Location.bundleType: tar, tgz, zip, YAML or JSON.';
      }
      return undefined;
    }
    case 'GitHub':
      return input.gitHubLocation?.repository && input.gitHubLocation.commitId
        ? undefined : 'A GitHub revision needs gitHubLocation.repository and gitHubLocation.commitId.';
    case 'String':
      return input.string?.content ? undefined : 'A String revision needs string.content.';
    case 'AppSpecContent':
      return input.appSpecContent?.content ? undefined : 'An AppSpecContent revision needs appSpecContent.content.';
  }
}

function pickLocation(type: RevisionType, input: RevisionLocation): object {
  switch (type) {
    case 'S3': {
      const { bucket, key, bundleType, version, eTag } = input.s3Location!;
      return { bucket, key, bundleType, version, eTag };
    }
    case 'GitHub':
      return { repository: input.gitHubLocation!.repository, commitId: input.gitHubLocation!.commitId };
    case 'String':
      return withSha256(input.string!);
    case 'AppSpecContent':
      return withSha256(input.appSpecContent!);
  }
}

function withSha256(inline: InlineContent): InlineContent {
  // A client's own hash is kept as sent; a missing one is filled in so that outputs always carry it.
  return { content: inline.content, sha256: inline.sha256 ?? sha256Hex(inline.content ?? '') };
}

function invalid(message: string): RevisionCheck {
  return { ok: false, reason: 'invalid', message };
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
