import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BundleError } from './bundle-error.ts';
import type { S3BundleRevision } from './bundle-revision.ts';
import { downloadS3Bundle, objectUrl, type S3Options } from './s3-download.ts';
import { S3TestDouble } from './s3-test-double.ts';

const CREDENTIALS = { accessKeyId: 'AKIDBUNDLES', secretAccessKey: 'bundle-secret' };
const s3Double = new S3TestDouble({ secretAccessKey: CREDENTIALS.secretAccessKey });
let s3: S3Options;
let scratch: string;

before(async () => {
  s3 = { endpoint: await s3Double.start(), region: 'eu-west-1', credentials: CREDENTIALS };
  scratch = await mkdtemp(join(tmpdir(), 'cutover-s3-'));
  s3Double.put('bundles', 'app/v1.tgz', 'v-old', { body: Buffer.from('old bytes'), etag: '"etag-old"' });
  s3Double.put('bundles', 'app/v1.tgz', 'v-new', { body: Buffer.from('new bytes'), etag: '"etag-new"' });
  s3Double.put('bundles', 'odd keys/ü & (x)*.zip', 'v1', { body: Buffer.from('odd'), etag: '"e"' });
});
after(async () => {
  await s3Double.close();
  await rm(scratch, { recursive: true, force: true });
});

function revision(fields: Partial<S3BundleRevision>): S3BundleRevision {
  return { revisionType: 'S3', bucket: 'bundles', key: 'app/v1.tgz', bundleType: 'tgz', ...fields };
}

async function download(fields: Partial<S3BundleRevision>, options: { maxBytes?: number; s3?: S3Options } = {}) {
  const destination = join(await mkdtemp(join(scratch, 'dl-')), 'bundle.tar');
  await downloadS3Bundle({ s3: options.s3 ?? s3, revision: revision(fields), destination, maxBytes: options.maxBytes ?? 1 << 30 });
  return readFile(destination, 'utf8');
}

async function assertFails(fields: Partial<S3BundleRevision>, message: string | RegExp, options: { s3?: S3Options; maxBytes?: number } = {}) {
  const destination = join(await mkdtemp(join(scratch, 'dl-')), 'bundle.tar');
  const run = downloadS3Bundle({ s3: options.s3 ?? s3, revision: revision(fields), destination, maxBytes: options.maxBytes ?? 1 << 30 });
  await assert.rejects(run, (err: unknown) => {
    assert.ok(err instanceof BundleError, String(err));
    if (typeof message === 'string') assert.equal(err.message, message);
    else assert.match(err.message, message);
    return true;
  });
  assert.equal(existsSync(destination), false, 'the partial download is removed');
}

describe('downloadS3Bundle', () => {
  it('fetches the requested version with a path-style GET signed for s3', async () => {
    assert.equal(await download({ version: 'v-old' }), 'old bytes');
    const request = s3Double.requests.at(-1)!;
    assert.equal(request.path, '/bundles/app/v1.tgz');
    assert.equal(request.query, 'versionId=v-old');
    assert.match(request.authorization!, /^AWS4-HMAC-SHA256 Credential=AKIDBUNDLES\/\d{8}\/eu-west-1\/s3\/aws4_request, /);
  });

  it('fetches the latest version when none is given', async () => {
    assert.equal(await download({}), 'new bytes');
    assert.equal(s3Double.requests.at(-1)!.query, '');
  });

  it('accepts a matching ETag with or without quotes', async () => {
    assert.equal(await download({ version: 'v-new', eTag: 'etag-new' }), 'new bytes');
    assert.equal(await download({ version: 'v-new', eTag: '"etag-new"' }), 'new bytes');
  });

  it('refuses an ETag mismatch with the official message', async () => {
    await assertFails({ version: 'v-old', eTag: 'etag-new' }, 'Expected deployment artifact bundle etag etag-new but was actually "etag-old"');
  });

  it('encodes keys with spaces and special characters so that the signature still matches', async () => {
    assert.equal(await download({ key: 'odd keys/ü & (x)*.zip' }), 'odd');
  });

  it('reports S3 errors with the status, code and message', async () => {
    await assertFails({ key: 'missing.tgz' }, 'Unable to download s3://bundles/missing.tgz: HTTP 404 NoSuchKey: The specified key does not exist.');
    const wrongSecret = { ...s3, credentials: { ...CREDENTIALS, secretAccessKey: 'wrong' } };
    await assertFails({}, /HTTP 403 SignatureDoesNotMatch/, { s3: wrongSecret });
  });

  it('refuses a bundle whose Content-Length is over the byte limit', async () => {
    await assertFails({ version: 'v-new' }, /is more than 4 bytes \(Content-Length 9\)/, { maxBytes: 4 });
  });

  it('cuts off a chunked bundle once it passes the byte limit', async () => {
    s3Double.put('bundles', 'chunked.tar', 'v1', { body: Buffer.from('0123456789abcdef'), etag: '"c"', chunked: true });
    assert.equal(await download({ key: 'chunked.tar' }), '0123456789abcdef');
    await assertFails({ key: 'chunked.tar' }, 'Refusing bundle: s3://bundles/chunked.tar is more than 10 bytes', { maxBytes: 10 });
  });

  it('streams a large bundle to disk intact', async () => {
    const body = Buffer.alloc(12 * 1024 * 1024, 'cutover');
    s3Double.put('bundles', 'big.tar', 'v1', { body, etag: '"big"' });
    const destination = join(await mkdtemp(join(scratch, 'dl-')), 'bundle.tar');
    await downloadS3Bundle({ s3, revision: revision({ key: 'big.tar', eTag: 'big' }), destination, maxBytes: 1 << 30 });
    const digest = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    assert.equal(digest(await readFile(destination)), digest(body));
  });

  it('reports an unreachable endpoint as a bundle error', async () => {
    await assertFails({}, /Unable to download s3:\/\/bundles\/app\/v1.tgz: .*ECONNREFUSED/, { s3: { ...s3, endpoint: 'http://127.0.0.1:1' } });
  });

  it('without an endpoint, fetches from the Cutover server it talks to (its embedded bundle store)', async () => {
    const fromServer: S3Options = { serverEndpoint: s3.endpoint!, region: 'eu-west-1', credentials: CREDENTIALS };
    assert.equal(await download({ version: 'v-new' }, { s3: fromServer }), 'new bytes');
    assert.equal(s3Double.requests.at(-1)!.path, '/bundles/app/v1.tgz');
    await assertFails({ key: 'missing.tgz' }, /from the Cutover server's bundle store: HTTP 404 NoSuchKey/, { s3: fromServer });
  });
});

describe('objectUrl', () => {
  it('builds path-style URLs under the endpoint, defaulting to the regional S3 host', () => {
    assert.equal(objectUrl({ region: 'us-east-2' }, { bucket: 'b', key: 'a/b c.zip' }).href, 'https://s3.us-east-2.amazonaws.com/b/a/b%20c.zip');
    assert.equal(objectUrl({ region: 'r', endpoint: 'http://h:9000/s3/' }, { bucket: 'b', key: 'k', version: 'v/1' }).href,
      'http://h:9000/s3/b/k?versionId=v%2F1');
  });
});
