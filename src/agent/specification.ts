import type { BundleRevision } from './bundle/index.ts';
import type { HookDeployment } from './hooks/index.ts';
import { Pkcs7Error, readPkcs7, verifyPkcs7 } from './pkcs7.ts';

/** A deployment specification as the agent uses it (host-agent.md §2.2), defaults applied. */
export interface DeploymentSpecification {
  /** `d-…`; an ARN in the specification is reduced to the part after `deployment/`. */
  deploymentId: string;
  deploymentGroupId: string;
  deploymentGroupName: string;
  applicationName: string;
  /** `user` unless given; `codeDeployRollback` changes hook revision selection. */
  deploymentCreator: string;
  /** `IN_PLACE` unless given. */
  deploymentType: string;
  /** `appspec.yml` unless given. */
  appSpecFilename: string;
  /** Upper-cased; `DISALLOW` unless given. */
  fileExistsBehavior: string;
  revision: BundleRevision;
  /** OAuth token for GitHub revisions; never logged. */
  gitHubAccessToken?: string;
}

/** The `GenericEnvelope` of a GetDeploymentSpecification answer. */
export interface SpecificationEnvelope {
  Format?: string;
  Payload?: string;
}

/** How strictly to check the envelope's signature. */
export interface SpecificationTrust {
  /** Refuse a specification whose signature does not verify (default true). */
  verify: boolean;
  /** PEM certificate the signer must be, or be issued by; without it only integrity is checked. */
  certificate?: string;
}

/**
 * Why a specification was refused. The message is what the agent reports in the command's
 * diagnostics (error code 5): the official agent's words where it has them.
 */
export class SpecificationError extends Error {
  override name = 'SpecificationError';
}

/**
 * Opens a `PKCS7/JSON` envelope and parses the specification inside (host-agent.md §2.1). Unlike
 * the official agent, the signature is checked unless `trust.verify` is false: a specification
 * that was altered after signing, or signed by anyone but the configured certificate, is refused.
 */
export function parseSpecificationEnvelope(envelope: SpecificationEnvelope | undefined, trust: SpecificationTrust): DeploymentSpecification {
  if (!envelope) throw new SpecificationError('Provided deployment spec was nil');
  if (envelope.Format !== 'PKCS7/JSON') throw new SpecificationError(`Unsupported DeploymentSpecification format: ${envelope.Format}`);
  try {
    const { content, message } = readPkcs7(envelope.Payload ?? '');
    if (trust.verify) verifyPkcs7(message, { trusted: trust.certificate });
    return parseSpecificationJson(content);
  } catch (err) {
    if (err instanceof Pkcs7Error && trust.verify && !err.message.startsWith('Could not parse')) {
      throw new SpecificationError(`Refusing the deployment specification: ${err.message}`);
    }
    if (err instanceof Pkcs7Error) throw new SpecificationError(err.message);
    throw err;
  }
}

/** Parses the specification JSON with the official agent's rules and messages. */
export function parseSpecificationJson(text: string): DeploymentSpecification {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new SpecificationError(`Could not parse the deployment specification JSON: ${(err as Error).message}`);
  }
  if (!isObject(data)) throw new SpecificationError('The deployment specification must be a JSON object');
  for (const field of ['DeploymentId', 'DeploymentGroupId', 'DeploymentGroupName', 'ApplicationName']) {
    if (!isSet(data[field]) || typeof data[field] !== 'string') throw new SpecificationError(`Deployment Spec has no ${field}`);
  }
  const gitHubAccessToken = stringOr(data.GitHubAccessToken, undefined);
  return {
    deploymentId: deploymentIdOf(data.DeploymentId as string),
    deploymentGroupId: data.DeploymentGroupId as string,
    deploymentGroupName: data.DeploymentGroupName as string,
    applicationName: data.ApplicationName as string,
    deploymentCreator: stringOr(data.DeploymentCreator, 'user'),
    deploymentType: stringOr(data.DeploymentType, 'IN_PLACE'),
    appSpecFilename: stringOr(data.AppSpecFilename, 'appspec.yml'),
    fileExistsBehavior: fileExistsBehaviorOf(data.AgentActionOverrides),
    revision: revisionOf(data.Revision),
    ...(gitHubAccessToken ? { gitHubAccessToken } : {}),
  };
}

/** What the hook runner needs to know about the deployment. */
export function hookDeploymentOf(spec: DeploymentSpecification): HookDeployment {
  return {
    deploymentId: spec.deploymentId,
    applicationName: spec.applicationName,
    deploymentGroupName: spec.deploymentGroupName,
    deploymentGroupId: spec.deploymentGroupId,
    deploymentCreator: spec.deploymentCreator,
    deploymentType: spec.deploymentType,
    revision: spec.revision,
    appSpecFilename: spec.appSpecFilename,
  };
}

// `arn:aws:codedeploy:us-east-1:123412341234:deployment/d-X` → `d-X`.
function deploymentIdOf(id: string): string {
  if (!id.startsWith('arn:')) return id;
  const resource = id.split(':').slice(5).join(':');
  const slash = resource.indexOf('/');
  return slash >= 0 ? resource.slice(slash + 1) : resource;
}

function fileExistsBehaviorOf(overrides: unknown): string {
  const value = isObject(overrides) && isObject(overrides.AgentOverrides) ? overrides.AgentOverrides.FileExistsBehavior : undefined;
  return typeof value === 'string' && value !== '' ? value.toUpperCase() : 'DISALLOW';
}

function revisionOf(revision: unknown): BundleRevision {
  if (!isObject(revision)) throw new SpecificationError('Must specify a revison');
  const type = revision.RevisionType;
  if (!isSet(type)) throw new SpecificationError('Must specify a revision source');
  switch (type) {
    case 'S3':
      return s3RevisionOf(revision.S3Revision);
    case 'GitHub':
      return gitHubRevisionOf(revision.GitHubRevision);
    case 'Local File':
    case 'Local Directory':
      return localRevisionOf(type, revision.LocalRevision);
    default:
      throw new SpecificationError('Exactly one of S3Revision, GitHubRevision, or LocalRevision must be specified');
  }
}

function s3RevisionOf(s3: unknown): BundleRevision {
  if (!isObject(s3) || !hasAll(s3, ['Bucket', 'Key', 'BundleType'])) throw new SpecificationError('S3Revision in Deployment Spec must specify Bucket, Key and BundleType');
  if (!['tar', 'tgz', 'zip'].includes(s3.BundleType as string)) throw new SpecificationError('BundleType in S3Revision must be tar, tgz or zip');
  const version = stringOr(s3.Version, undefined);
  const eTag = stringOr(s3.ETag, undefined);
  return {
    revisionType: 'S3', bucket: String(s3.Bucket), key: String(s3.Key), bundleType: s3.BundleType as string,
    ...(version ? { version } : {}), ...(eTag ? { eTag } : {}),
  };
}

function gitHubRevisionOf(github: unknown): BundleRevision {
  const required = ['Account', 'Repository', 'CommitId'];
  if (isObject(github) && github.Anonymous === false) required.push('OAuthToken');
  if (!isObject(github) || !hasAll(github, required)) throw new SpecificationError('GitHubRevision in Deployment Spec must specify Account, Repository and CommitId');
  const bundleType = stringOr(github.BundleType, undefined);
  return {
    revisionType: 'GitHub', account: String(github.Account), repository: String(github.Repository), commitId: String(github.CommitId),
    ...(bundleType ? { bundleType } : {}),
  };
}

function localRevisionOf(type: 'Local File' | 'Local Directory', local: unknown): BundleRevision {
  if (!isObject(local) || !hasAll(local, ['Location', 'BundleType'])) throw new SpecificationError('LocalRevision in Deployment Spec must specify Location and BundleType');
  if (!['tar', 'tgz', 'zip', 'directory'].includes(local.BundleType as string)) throw new SpecificationError('BundleType in LocalRevision must be tar, tgz, zip, or directory');
  return { revisionType: type, location: String(local.Location), bundleType: local.BundleType as string };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// The official agent's property_set?: present, not null, not empty.
function isSet(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string' || Array.isArray(value)) return value.length > 0;
  if (isObject(value)) return Object.keys(value).length > 0;
  return true;
}

function hasAll(object: Record<string, unknown>, keys: string[]): boolean {
  return keys.every((k) => object[k] !== undefined && object[k] !== null);
}

function stringOr<T extends string | undefined>(value: unknown, fallback: T): string | T {
  return typeof value === 'string' && value !== '' ? value : fallback;
}
