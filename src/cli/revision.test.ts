import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeRevision, formatS3Pairs, parseS3Location, revisionKey } from './revision.ts';

describe('--s3-location', () => {
  it('reads s3://bucket/key and takes the bundle type from the extension', () => {
    assert.deepEqual(parseS3Location('s3://b/web/v1.zip'), { bucket: 'b', key: 'web/v1.zip', bundleType: 'zip' });
    assert.equal(parseS3Location('s3://b/v1.tar.gz').bundleType, 'tgz');
    assert.equal(parseS3Location('s3://b/v1.tar').bundleType, 'tar');
    assert.equal(parseS3Location('s3://b/v1', 'tgz').bundleType, 'tgz');
  });

  it('reads the bucket=…,key=… form that push prints, and prints it back the same', () => {
    const text = 'bucket=b,key=web/v1.zip,bundleType=zip,eTag=abc-2,version=v7';
    const location = parseS3Location(text);
    assert.deepEqual(location, { bucket: 'b', key: 'web/v1.zip', bundleType: 'zip', eTag: 'abc-2', version: 'v7' });
    assert.equal(formatS3Pairs(location), text);
  });

  it('says what is wrong with a location it cannot use', () => {
    assert.throws(() => parseS3Location('s3://b/v1'), /cannot tell the bundle type of v1; add --bundle-type/);
    assert.throws(() => parseS3Location('s3://only-bucket'), /is not s3:\/\/bucket\/key/);
    assert.throws(() => parseS3Location('key=x'), /neither s3:\/\/bucket\/key nor bucket=…,key=…/);
  });
});

describe('revision identity', () => {
  it('tells revisions apart by content: S3 version and ETag count, GitHub by commit', () => {
    const s3 = (eTag?: string) => ({ revisionType: 'S3' as const, s3Location: { bucket: 'b', key: 'k.zip', bundleType: 'zip' as const, eTag } });
    assert.equal(revisionKey(s3('a')), revisionKey(s3('a')));
    assert.notEqual(revisionKey(s3('a')), revisionKey(s3('b')));
    const gh = (commitId: string) => ({ revisionType: 'GitHub' as const, gitHubLocation: { repository: 'o/r', commitId } });
    assert.notEqual(revisionKey(gh('1')), revisionKey(gh('2')));
    assert.equal(describeRevision(s3('a')), 's3://b/k.zip');
    assert.equal(describeRevision(gh('0123456789abcdef')), 'github:o/r@0123456789ab');
  });
});
