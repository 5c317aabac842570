import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkRevision, describeRevision, revisionKey, s3KeyPrefix, type RevisionLocation } from './revision.ts';

const S3: RevisionLocation = { revisionType: 'S3', s3Location: { bucket: 'b', key: 'app/v1.zip', bundleType: 'zip' } };

function normalised(input: RevisionLocation): RevisionLocation {
  const check = checkRevision(input);
  assert.ok(check.ok, JSON.stringify(check));
  return check.revision;
}

describe('checkRevision', () => {
  const refused: { name: string; input: RevisionLocation | undefined; reason: 'required' | 'invalid' }[] = [
    { name: 'an absent revision', input: undefined, reason: 'required' },
    { name: 'an empty revision', input: {}, reason: 'required' },
    { name: 'S3 without a key', input: { revisionType: 'S3', s3Location: { bucket: 'b', bundleType: 'zip' } }, reason: 'invalid' },
    { name: 'S3 without a bucket', input: { revisionType: 'S3', s3Location: { key: 'k', bundleType: 'zip' } }, reason: 'invalid' },
    { name: 'S3 without a bundle type', input: { revisionType: 'S3', s3Location: { bucket: 'b', key: 'k' } }, reason: 'invalid' },
    { name: 'S3 type with only a GitHub location', input: { revisionType: 'S3', gitHubLocation: { repository: 'o/r', commitId: 'c' } }, reason: 'invalid' },
    { name: 'GitHub without a commit', input: { revisionType: 'GitHub', gitHubLocation: { repository: 'o/r' } }, reason: 'invalid' },
    { name: 'AppSpecContent without content', input: { revisionType: 'AppSpecContent', appSpecContent: { sha256: 'x' } }, reason: 'invalid' },
    { name: 'String without content', input: { revisionType: 'String', string: {} }, reason: 'invalid' },
    {
      name: 'two locations and no type',
      input: { s3Location: { bucket: 'b', key: 'k', bundleType: 'zip' }, gitHubLocation: { repository: 'o/r', commitId: 'c' } },
      reason: 'invalid',
    },
  ];
  for (const c of refused) {
    it(`refuses ${c.name}`, () => {
      const check = checkRevision(c.input);
      assert.equal(check.ok, false);
      assert.equal(!check.ok && check.reason, c.reason);
    });
  }

  it('infers the type from the only location given', () => {
    assert.deepEqual(normalised({ gitHubLocation: { repository: 'o/r', commitId: 'abc' } }),
      { revisionType: 'GitHub', gitHubLocation: { repository: 'o/r', commitId: 'abc' } });
  });

  it('fills in the SHA-256 of inline content and keeps a given one', () => {
    assert.deepEqual(normalised({ appSpecContent: { content: 'abc' } }).appSpecContent,
      { content: 'abc', sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' });
    assert.equal(normalised({ revisionType: 'String', string: { content: 'abc', sha256: 'given' } }).string?.sha256, 'given');
  });

  it('keeps only the location of the revision type', () => {
    const revision = normalised({ ...S3, gitHubLocation: { repository: 'o/r', commitId: 'abc' } });
    assert.deepEqual(Object.keys(revision), ['revisionType', 's3Location']);
  });
});

describe('revisionKey', () => {
  it('is the same however the revision was sent', () => {
    const a = normalised(S3);
    const b = normalised({ s3Location: { bundleType: 'zip', key: 'app/v1.zip', bucket: 'b' }, gitHubLocation: undefined });
    assert.equal(revisionKey(a), revisionKey(b));
  });

  it('tells S3 object versions apart', () => {
    const v2 = normalised({ revisionType: 'S3', s3Location: { ...S3.s3Location, version: '2' } });
    assert.notEqual(revisionKey(normalised(S3)), revisionKey(v2));
  });

  it('identifies inline content by its SHA-256, not by the content', () => {
    const key = revisionKey(normalised({ revisionType: 'AppSpecContent', appSpecContent: { content: 'x'.repeat(10_000) } }));
    assert.ok(key.length < 200);
    assert.notEqual(key, revisionKey(normalised({ revisionType: 'String', string: { content: 'x'.repeat(10_000) } })));
  });

  it('starts S3 keys with the bucket-and-key prefix', () => {
    const key = revisionKey(normalised({ revisionType: 'S3', s3Location: { bucket: 'b"q', key: 'dir/ünï"code.zip', bundleType: 'zip' } }));
    assert.ok(key.startsWith(s3KeyPrefix('b"q')));
    assert.ok(key.startsWith(s3KeyPrefix('b"q', 'dir/ün')));
    assert.ok(key.startsWith(s3KeyPrefix('b"q', 'dir/ünï"')));
    assert.ok(!key.startsWith(s3KeyPrefix('b"q', 'other')));
    assert.ok(!key.startsWith(s3KeyPrefix('b')));
  });
});

describe('describeRevision', () => {
  it('names S3 and GitHub revisions by their location', () => {
    assert.equal(describeRevision(normalised(S3)), 's3://b/app/v1.zip');
    assert.equal(describeRevision(normalised({ gitHubLocation: { repository: 'o/r', commitId: 'abc' } })), 'o/r@abc');
  });
});
