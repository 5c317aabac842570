import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { resolveLocalBundle } from './bundle-location.ts';

describe('resolveLocalBundle', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cutover-location-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'app'));
  writeFileSync(join(dir, 'app', 'appspec.yml'), 'version: 0.0\nos: linux\n');
  mkdirSync(join(dir, 'yaml-only'));
  writeFileSync(join(dir, 'yaml-only', 'appspec.yaml'), 'version: 0.0\nos: linux\n');
  mkdirSync(join(dir, 'empty'));
  writeFileSync(join(dir, 'app.tgz'), '');
  const resolve = (location: string, type = 'directory', appSpecFilename?: string) =>
    resolveLocalBundle({ location, type, cwd: dir, ...(appSpecFilename ? { appSpecFilename } : {}) });

  it('turns local paths, file:// URLs and s3:// locations into the agent\'s revisions', () => {
    assert.deepEqual(resolve('app').revision, { revisionType: 'Local Directory', location: join(dir, 'app'), bundleType: 'directory' });
    assert.deepEqual(resolve(`file://${dir}/app.tgz`, 'tgz').revision, { revisionType: 'Local File', location: join(dir, 'app.tgz'), bundleType: 'tgz' });
    assert.deepEqual(resolve('yaml-only').revision.revisionType, 'Local Directory');
    assert.deepEqual(resolve('s3://bucket/path/to/app.zip?versionId=v1&etag=abc', 'zip').revision, {
      revisionType: 'S3', bucket: 'bucket', key: 'path/to/app.zip', bundleType: 'zip', version: 'v1', eTag: 'abc',
    });
  });

  it('refuses bad types and locations with the official messages', () => {
    const cases: [() => unknown, string][] = [
      [() => resolve('app', 'rar'), 'type rar is not a valid type. Must be one of tgz,tar,zip,directory'],
      [() => resolve('http://example.com/app.zip', 'zip'), 'location http://example.com/app.zip cannot be http, only encrypted (https) url endpoints supported'],
      [() => resolve('nope'), 'location nope is specified as a file or directory which does not exist'],
      [() => resolve('app.tgz'), 'location app.tgz is specified with type directory but it is a file'],
      [() => resolve('app', 'zip'), 'location app is specified as a compressed local file but it is a directory'],
      [() => resolve('ftp://host/app.zip', 'zip'), 'unknown location ftp://host/app.zip cannot be determined to be S3, Github, or a local file / directory'],
      [() => resolve('app', 'directory', 'nothing.yml'), `Expecting appspec file at location ${dir}/app/nothing.yml but it is not found there. Please either run the CLI from within a directory containing the nothing.yml file or specify a bundle location containing an nothing.yml file in its root directory`],
      [() => resolve('empty'), `Expecting appspec file at location ${dir}/empty/appspec.yml or ${dir}/empty/appspec.yaml but it is not found there. Please either run the CLI from within a directory containing the appspec.yml or appspec.yaml file or specify a bundle location containing an appspec.yml or appspec.yaml file in its root directory`],
    ];
    for (const [call, message] of cases) assert.throws(call, { name: 'LocalDeploymentError', message });
    assert.throws(() => resolve('s3://bucket/app.zip'), /its type must be one of tgz,tar,zip/);
    assert.throws(() => resolve('https://github.com/o/r', 'zip'), /does not download those/);
  });
});
