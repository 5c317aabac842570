import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import forge from 'node-forge';
import { createSigningIdentity, SpecSigner } from '../api/host-commands/spec-signer.ts';
import { parseSpecificationEnvelope, parseSpecificationJson, SpecificationError } from './specification.ts';

const SERVER = createSigningIdentity('Cutover deployment specification signer');
const STRANGER = createSigningIdentity('someone else');

const SPEC = {
  DeploymentId: 'd-FFFFFFFF1', DeploymentGroupId: 'dg-7777', DeploymentGroupName: 'G7', ApplicationName: 'App2',
  DeploymentCreator: 'user', DeploymentType: 'IN_PLACE', AppSpecFilename: 'appspec.yml',
  AgentActionOverrides: { AgentOverrides: { FileExistsBehavior: 'overwrite' } },
  Revision: { RevisionType: 'S3', S3Revision: { Bucket: 'b', Key: 'k/v1.zip', BundleType: 'zip', Version: 'v9', ETag: '"e"' } },
};

function envelope(content: string, identity = SERVER) {
  return { Format: 'PKCS7/JSON', Payload: new SpecSigner(identity).sign(content) };
}

/** Re-signs nothing: swaps bytes inside the signed content of a PEM envelope (App2 → app2). */
function tampered(payload: string): string {
  const der = forge.pem.decode(payload)[0]!.body;
  const altered = der.replace('"ApplicationName":"App2"', '"ApplicationName":"app2"');
  assert.notEqual(altered, der, 'the content is in the DER as is');
  return forge.pem.encode({ type: 'PKCS7', body: altered });
}

function refuses(run: () => unknown, message: string | RegExp): void {
  assert.throws(run, (err: Error) => {
    assert.ok(err instanceof SpecificationError, `expected a SpecificationError, got ${err.name}: ${err.message}`);
    if (typeof message === 'string') assert.equal(err.message, message);
    else assert.match(err.message, message);
    return true;
  });
}

describe('the deployment specification envelope', () => {
  it("verifies a specification signed by the server's SpecSigner against its certificate", () => {
    const spec = parseSpecificationEnvelope(envelope(JSON.stringify(SPEC)), { verify: true, certificate: SERVER.certificatePem });
    assert.equal(spec.applicationName, 'App2');
    assert.equal(spec.deploymentId, 'd-FFFFFFFF1');
  });

  it('refuses content altered after signing, with or without a configured certificate', () => {
    const altered = { Format: 'PKCS7/JSON', Payload: tampered(envelope(JSON.stringify(SPEC)).Payload) };
    refuses(() => parseSpecificationEnvelope(altered, { verify: true, certificate: SERVER.certificatePem }), /^Refusing the deployment specification: the signature does not match/);
    refuses(() => parseSpecificationEnvelope(altered, { verify: true }), /^Refusing the deployment specification/);
    // With verification off, it is accepted as the official agent accepts it.
    assert.equal(parseSpecificationEnvelope(altered, { verify: false }).applicationName, 'app2');
  });

  it('refuses a specification signed by another key than the configured certificate', () => {
    const foreign = envelope(JSON.stringify(SPEC), STRANGER);
    refuses(() => parseSpecificationEnvelope(foreign, { verify: true, certificate: SERVER.certificatePem }), /^Refusing the deployment specification/);
    assert.equal(parseSpecificationEnvelope(foreign, { verify: true }).applicationName, 'App2', 'without a certificate only integrity is checked');
  });

  it('gives the official messages for other formats and unparseable envelopes', () => {
    refuses(() => parseSpecificationEnvelope({ Format: 'TEXT/JSON', Payload: JSON.stringify(SPEC) }, { verify: false }), 'Unsupported DeploymentSpecification format: TEXT/JSON');
    refuses(() => parseSpecificationEnvelope({ Format: 'XML', Payload: '' }, { verify: false }), 'Unsupported DeploymentSpecification format: XML');
    refuses(() => parseSpecificationEnvelope({ Format: 'PKCS7/JSON', Payload: JSON.stringify(SPEC) }, { verify: false }), /^Could not parse the PKCS7: /);
    refuses(() => parseSpecificationEnvelope(undefined, { verify: true }), 'Provided deployment spec was nil');
  });
});

describe('the deployment specification JSON', () => {
  const parse = (changes: Record<string, unknown>) => parseSpecificationJson(JSON.stringify({ ...SPEC, ...changes }));

  it('reads every field and applies the defaults', () => {
    const spec = parse({ DeploymentCreator: undefined, DeploymentType: undefined, AppSpecFilename: undefined, AgentActionOverrides: undefined, Extra: 1 });
    assert.deepEqual(spec, {
      deploymentId: 'd-FFFFFFFF1', deploymentGroupId: 'dg-7777', deploymentGroupName: 'G7', applicationName: 'App2',
      deploymentCreator: 'user', deploymentType: 'IN_PLACE', appSpecFilename: 'appspec.yml', fileExistsBehavior: 'DISALLOW',
      revision: { revisionType: 'S3', bucket: 'b', key: 'k/v1.zip', bundleType: 'zip', version: 'v9', eTag: '"e"' },
    });
    assert.equal(parse({}).fileExistsBehavior, 'OVERWRITE', 'upper-cased');
  });

  it('reduces an ARN DeploymentId to the d-… id', () => {
    assert.equal(parse({ DeploymentId: 'arn:aws:codedeploy:us-east-1:123412341234:deployment/d-ABCDEFGHI' }).deploymentId, 'd-ABCDEFGHI');
  });

  it('names each missing required field as the official agent does', () => {
    for (const field of ['DeploymentId', 'DeploymentGroupId', 'DeploymentGroupName', 'ApplicationName']) {
      refuses(() => parse({ [field]: undefined }), `Deployment Spec has no ${field}`);
      refuses(() => parse({ [field]: '' }), `Deployment Spec has no ${field}`);
    }
    refuses(() => parse({ Revision: undefined }), 'Must specify a revison');
    refuses(() => parse({ Revision: { S3Revision: {} } }), 'Must specify a revision source');
    refuses(() => parseSpecificationJson('{not json'), /^Could not parse the deployment specification JSON/);
  });

  it('validates each revision type with the official messages', () => {
    refuses(() => parse({ Revision: { RevisionType: 'S3', S3Revision: { Bucket: 'b', Key: 'k' } } }), 'S3Revision in Deployment Spec must specify Bucket, Key and BundleType');
    refuses(() => parse({ Revision: { RevisionType: 'S3', S3Revision: { Bucket: 'b', Key: 'k', BundleType: 'rar' } } }), 'BundleType in S3Revision must be tar, tgz or zip');
    refuses(() => parse({ Revision: { RevisionType: 'GitHub', GitHubRevision: { Account: 'a', Repository: 'r' } } }), 'GitHubRevision in Deployment Spec must specify Account, Repository and CommitId');
    refuses(() => parse({ Revision: { RevisionType: 'GitHub', GitHubRevision: { Account: 'a', Repository: 'r', CommitId: 'c', Anonymous: false } } }), 'GitHubRevision in Deployment Spec must specify Account, Repository and CommitId');
    refuses(() => parse({ Revision: { RevisionType: 'Local File', LocalRevision: { Location: '/x' } } }), 'LocalRevision in Deployment Spec must specify Location and BundleType');
    refuses(() => parse({ Revision: { RevisionType: 'Local Directory', LocalRevision: { Location: '/x', BundleType: 'rar' } } }), 'BundleType in LocalRevision must be tar, tgz, zip, or directory');
    refuses(() => parse({ Revision: { RevisionType: 'CodeCommit' } }), 'Exactly one of S3Revision, GitHubRevision, or LocalRevision must be specified');
    assert.deepEqual(parse({ Revision: { RevisionType: 'Local Directory', LocalRevision: { Location: '/srv/rev', BundleType: 'directory' } } }).revision,
      { revisionType: 'Local Directory', location: '/srv/rev', bundleType: 'directory' });
    assert.deepEqual(parse({ Revision: { RevisionType: 'GitHub', GitHubRevision: { Account: 'a', Repository: 'r', CommitId: 'c', Anonymous: true } } }).revision,
      { revisionType: 'GitHub', account: 'a', repository: 'r', commitId: 'c' });
  });
});
