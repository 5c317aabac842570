import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import {
  AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CreateBucketCommand, CreateMultipartUploadCommand, DeleteObjectCommand,
  GetObjectCommand, HeadBucketCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, UploadPartCommand,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { SYSTEM_CLOCK } from '../../src/core/clock.ts';
import type { Role } from '../../src/core/roles.ts';
import { loadSecretKey } from '../../src/bin/data-dir.ts';
import { signRequest } from '../../src/client/sign-request.ts';
import { openDatabase } from '../../src/store/db.ts';
import { SecretBox } from '../../src/store/secret-box.ts';
import { createStore } from '../../src/store/store.ts';
import { awsExecutable } from '../support/aws-cli.ts';
import { DIALECTS } from '../support/dialects.ts';
import { startServerProcess, type Credentials, type ServerProcess } from '../support/server-process.ts';

// The embedded bundle store against a real `cutover server`, driven by real clients: the AWS SDK
// v3 S3 client (with its aws-chunked streaming uploads and lib-storage's multipart Upload), the
// aws CLI, and raw signed requests for what no well-behaved client sends.

const run = promisify(execFile);
const BUCKET = 'bundles';
const MiB = 1024 * 1024;

function s3Client(url: string, credentials: Credentials, sent?: Record<string, string>[]): S3Client {
  const client = new S3Client({ endpoint: url, region: 'us-east-1', forcePathStyle: true, credentials, maxAttempts: 1 });
  if (sent) {
    client.middlewareStack.add((next) => async (args) => {
      sent.push({ ...(args.request as { headers: Record<string, string> }).headers });
      return next(args);
    }, { step: 'finalizeRequest', name: 'recordHeaders', priority: 'low' });
  }
  return client;
}

async function createKey(server: ServerProcess, role: Role): Promise<Credentials> {
  const { db, dialect } = await openDatabase({ dataDir: server.dataDir, databaseUrl: server.databaseUrl });
  try {
    const store = createStore({ db, dialect, clock: SYSTEM_CLOCK, secretBox: new SecretBox({ key: loadSecretKey(server.dataDir) }) });
    const key = await store.accessKeys.create(role === 'agent' ? { role, instanceName: 'host-1', description: 'test' } : { role, description: 'test' });
    return { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey };
  } finally {
    await db.destroy();
  }
}

function md5(data: Buffer): Buffer {
  return createHash('md5').update(data).digest();
}

/** S3's multipart ETag for `data` cut into `partSize` parts, computed here independently. */
function multipartETag(data: Buffer, partSize: number): string {
  const digests: Buffer[] = [];
  for (let at = 0; at < data.length; at += partSize) digests.push(md5(data.subarray(at, at + partSize)));
  return `"${md5(Buffer.concat(digests)).toString('hex')}-${digests.length}"`;
}

async function errorName(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    return (err as Error).name;
  }
  return 'no error';
}

function blobFiles(server: ServerProcess): string[] {
  return readdirSync(join(server.dataDir, 'bundles')).sort();
}

/** Sends a signed PUT whose signature covers `signedBody` but whose bytes are `sentBody`. */
function putRaw(server: ServerProcess, path: string, signedBody: Buffer, sentBody: Buffer): Promise<{ status: number; text: string }> {
  const url = new URL(path, server.url);
  const headers = signRequest({ method: 'PUT', url, headers: { host: url.host }, body: signedBody },
    { credentials: server.credentials, region: 'us-east-1', service: 's3' });
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'PUT', headers: { ...headers, 'content-length': String(sentBody.length) } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(sentBody);
  });
}

async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

for (const dialect of DIALECTS) {
  describe(`the embedded bundle store on ${dialect}`, () => {
    let server: ServerProcess;
    let s3: S3Client;
    const sent: Record<string, string>[] = [];

    before(async () => {
      server = await startServerProcess({ dialect });
      s3 = s3Client(server.url, server.credentials, sent);
      await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    });
    after(() => server?.destroy());

    it('puts, gets, heads, reads ranges of and deletes objects with the SDK, streaming bodies as aws-chunked', async () => {
      const body = randomBytes(300_000);
      const put = await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'app/v1 (copy).zip', Body: body, ContentType: 'application/zip', Metadata: { build: '42' } }));
      assert.equal(put.ETag, `"${md5(body).toString('hex')}"`);
      const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'app/v1 (copy).zip' }));
      assert.deepEqual(Buffer.from(await got.Body!.transformToByteArray()), body);
      assert.equal(got.ContentType, 'application/zip');
      assert.deepEqual(got.Metadata, { build: '42' });
      const part = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'app/v1 (copy).zip', Range: 'bytes=1000-1999' }));
      assert.equal(part.ContentRange, `bytes 1000-1999/${body.length}`);
      assert.deepEqual(Buffer.from(await part.Body!.transformToByteArray()), body.subarray(1000, 2000));
      const tail = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'app/v1 (copy).zip', Range: 'bytes=-10' }));
      assert.deepEqual(Buffer.from(await tail.Body!.transformToByteArray()), body.subarray(-10));
      assert.equal(await errorName(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'app/v1 (copy).zip', Range: `bytes=${body.length}-` }))), 'InvalidRange');
      assert.equal(await errorName(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'app/v1 (copy).zip', VersionId: 'v2' }))), 'InvalidArgument', 'no versioning');
      const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'app/v1 (copy).zip' }));
      assert.equal(head.ContentLength, body.length);
      assert.equal(head.ETag, put.ETag);

      const streamed = randomBytes(2 * MiB + 17);
      const before = sent.length;
      const streamedPut = await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'app/streamed', Body: Readable.from([streamed.subarray(0, MiB), streamed.subarray(MiB)]), ContentLength: streamed.length }));
      const headers = sent.slice(before).find((h) => h['x-amz-content-sha256']);
      assert.match(headers?.['x-amz-content-sha256'] ?? '', /^STREAMING-/, 'the SDK streamed the body aws-chunked');
      assert.equal(streamedPut.ETag, `"${md5(streamed).toString('hex')}"`);
      const back = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'app/streamed' }));
      assert.deepEqual(Buffer.from(await back.Body!.transformToByteArray()), streamed);

      await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'app/v1 (copy).zip' }));
      assert.equal(await errorName(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'app/v1 (copy).zip' }))), 'NoSuchKey');
      assert.equal(await errorName(s3.send(new GetObjectCommand({ Bucket: 'no-such-bucket', Key: 'k' }))), 'NoSuchBucket');
      assert.equal(await errorName(s3.send(new HeadBucketCommand({ Bucket: 'no-such-bucket' }))), 'NotFound');
      assert.equal(await errorName(s3.send(new CreateBucketCommand({ Bucket: BUCKET }))), 'BucketAlreadyOwnedByYou');
    });

    it('assembles multipart uploads from lib-storage with S3\'s ETag, and checks the part list', async () => {
      const data = randomBytes(11 * MiB + 5);
      const upload = new Upload({ client: s3, params: { Bucket: BUCKET, Key: 'multi/sdk.bin', Body: data }, partSize: 5 * MiB, queueSize: 2 });
      const done = await upload.done();
      assert.equal(done.ETag, multipartETag(data, 5 * MiB));
      const back = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'multi/sdk.bin' }));
      assert.equal(back.ContentLength, data.length);
      assert.deepEqual(md5(Buffer.from(await back.Body!.transformToByteArray())), md5(data));


      const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'multi/checked' }));
      const small1 = await s3.send(new UploadPartCommand({ Bucket: BUCKET, Key: 'multi/checked', UploadId, PartNumber: 1, Body: Buffer.from('tiny') }));
      const small2 = await s3.send(new UploadPartCommand({ Bucket: BUCKET, Key: 'multi/checked', UploadId, PartNumber: 2, Body: Buffer.from('tail') }));
      const complete = (parts: { PartNumber: number; ETag: string }[]) =>
        errorName(s3.send(new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key: 'multi/checked', UploadId, MultipartUpload: { Parts: parts } })));
      assert.equal(await complete([{ PartNumber: 2, ETag: small2.ETag! }, { PartNumber: 1, ETag: small1.ETag! }]), 'InvalidPartOrder');
      assert.equal(await complete([{ PartNumber: 1, ETag: '"0123456789abcdef0123456789abcdef"' }]), 'InvalidPart');
      assert.equal(await complete([{ PartNumber: 1, ETag: small1.ETag! }, { PartNumber: 3, ETag: small2.ETag! }]), 'InvalidPart');
      assert.equal(await complete([{ PartNumber: 1, ETag: small1.ETag! }, { PartNumber: 2, ETag: small2.ETag! }]), 'EntityTooSmall');
      assert.equal(await complete([{ PartNumber: 2, ETag: small2.ETag! }]), 'no error', 'a lone last part may be small');
      const lone = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'multi/checked' }));
      assert.equal(await lone.Body!.transformToString(), 'tail');
      assert.equal(lone.ETag, multipartETag(Buffer.from('tail'), 5 * MiB));
    });

    it('aborts a multipart upload and leaves nothing of it: no object, no part files', async () => {
      const files = blobFiles(server);
      const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'aborted.bin' }));
      await s3.send(new UploadPartCommand({ Bucket: BUCKET, Key: 'aborted.bin', UploadId, PartNumber: 1, Body: randomBytes(5 * MiB) }));
      assert.equal(blobFiles(server).length, files.length + 1, 'the part is a file until the upload ends');
      await s3.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: 'aborted.bin', UploadId }));
      assert.deepEqual(blobFiles(server), files);
      assert.equal(await errorName(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'aborted.bin' }))), 'NotFound');
      assert.equal(await errorName(s3.send(new UploadPartCommand({ Bucket: BUCKET, Key: 'aborted.bin', UploadId, PartNumber: 2, Body: 'x' }))), 'NoSuchUpload');
      assert.equal(await errorName(s3.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: 'aborted.bin', UploadId }))), 'NoSuchUpload');
    });

    it('lists keys in order with prefix, delimiter, max-keys, start-after and continuation tokens', async () => {
      await s3.send(new CreateBucketCommand({ Bucket: 'listing' }));
      const keys = ['a/1', 'a/2', 'a/b/3', 'b', 'c/x/1', 'c/y/2', 'd', 'é'];
      for (const key of keys) await s3.send(new PutObjectCommand({ Bucket: 'listing', Key: key, Body: key }));
      const pages: string[][] = [];
      let token: string | undefined;
      do {
        const page = await s3.send(new ListObjectsV2Command({ Bucket: 'listing', MaxKeys: 3, ContinuationToken: token }));
        pages.push((page.Contents ?? []).map((c) => c.Key!));
        assert.equal(page.KeyCount, pages.at(-1)!.length);
        token = page.NextContinuationToken;
        assert.equal(page.IsTruncated, token !== undefined);
      } while (token);
      assert.deepEqual(pages, [['a/1', 'a/2', 'a/b/3'], ['b', 'c/x/1', 'c/y/2'], ['d', 'é']]);

      const rolled = await s3.send(new ListObjectsV2Command({ Bucket: 'listing', Delimiter: '/', MaxKeys: 2 }));
      assert.deepEqual(rolled.CommonPrefixes?.map((p) => p.Prefix), ['a/']);
      assert.deepEqual(rolled.Contents?.map((c) => c.Key), ['b']);
      const rest = await s3.send(new ListObjectsV2Command({ Bucket: 'listing', Delimiter: '/', ContinuationToken: rolled.NextContinuationToken }));
      assert.deepEqual(rest.CommonPrefixes?.map((p) => p.Prefix), ['c/']);
      assert.deepEqual(rest.Contents?.map((c) => c.Key), ['d', 'é']);
      const nested = await s3.send(new ListObjectsV2Command({ Bucket: 'listing', Prefix: 'c/', Delimiter: '/' }));
      assert.deepEqual(nested.CommonPrefixes?.map((p) => p.Prefix), ['c/x/', 'c/y/']);
      const after = await s3.send(new ListObjectsV2Command({ Bucket: 'listing', StartAfter: 'b' }));
      assert.deepEqual(after.Contents?.map((c) => c.Key), ['c/x/1', 'c/y/2', 'd', 'é']);
    });

    it('refuses a wrong secret or unknown key, and lets readonly and agent keys read but not write', async () => {
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'guarded', Body: 'secret bundle' }));
      const wrong = s3Client(server.url, { ...server.credentials, secretAccessKey: 'not-the-secret' });
      assert.equal(await errorName(wrong.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'guarded' }))), 'SignatureDoesNotMatch');
      const unknown = s3Client(server.url, { accessKeyId: 'CKIANOSUCHKEY0000000', secretAccessKey: 'x' });
      assert.equal(await errorName(unknown.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'guarded' }))), 'InvalidAccessKeyId');
      for (const role of ['readonly', 'agent'] as const) {
        const client = s3Client(server.url, await createKey(server, role));
        const got = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'guarded' }));
        assert.equal(await got.Body!.transformToString(), 'secret bundle', `${role} reads`);
        assert.equal(await errorName(client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'guarded', Body: 'overwritten' }))), 'AccessDenied', `${role} cannot put`);
        assert.equal(await errorName(client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'guarded' }))), 'AccessDenied', `${role} cannot delete`);
      }
      const deployer = s3Client(server.url, await createKey(server, 'deployer'));
      await deployer.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'by-deployer', Body: 'ok' }));
    });

    it('refuses a body that does not match its signed SHA-256, and keeps no object or file of it', async () => {
      const files = blobFiles(server);
      const signed = Buffer.from('the bundle the client signed');
      const tampered = Buffer.from('the bundle a proxy changed!!');
      const refused = await putRaw(server, `/${BUCKET}/tampered`, signed, tampered);
      assert.equal(refused.status, 400);
      assert.match(refused.text, /<Code>XAmzContentSHA256Mismatch<\/Code>/);
      assert.equal(await errorName(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'tampered' }))), 'NotFound');
      assert.deepEqual(blobFiles(server), files);
      const accepted = await putRaw(server, `/${BUCKET}/tampered`, signed, signed);
      assert.equal(accepted.status, 200);
    });

    it('keeps no object and no file when the client goes away in the middle of a body', async () => {
      const files = blobFiles(server);
      const url = new URL(`/${BUCKET}/killed.bin`, server.url);
      const body = randomBytes(20 * MiB);
      const headers = signRequest({ method: 'PUT', url, headers: { host: url.host }, body },
        { credentials: server.credentials, region: 'us-east-1', service: 's3' });
      const req = request(url, { method: 'PUT', headers: { ...headers, 'content-length': String(body.length) } });
      req.on('error', () => {});
      req.write(body.subarray(0, 3 * MiB));
      await waitFor('the upload to reach the bundle directory', () => blobFiles(server).some((f) => f.startsWith('.tmp-')));
      req.destroy();
      await waitFor('the temporary file to go', () => !blobFiles(server).some((f) => f.startsWith('.tmp-')));
      assert.deepEqual(blobFiles(server), files);
      assert.equal(await errorName(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'killed.bin' }))), 'NotFound');
    });
  });
}

function writeTemp(dir: string, name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
}

// The aws CLI (botocore) signs and uploads differently from the SDK: plain SHA-256 payloads, 8 MiB
// parts, `encoding-type=url` listings. Once, on the first dialect: the store is the same.
describe('the embedded bundle store with the aws CLI', () => {
  let server: ServerProcess;
  let dir: string;
  const aws = (args: string[]) => run(awsExecutable(), [...args, '--endpoint-url', server.url, '--output', 'json'], {
    env: { ...process.env, AWS_SHARED_CREDENTIALS_FILE: server.credentialsFile, AWS_CONFIG_FILE: '/dev/null', AWS_DEFAULT_REGION: 'us-east-1' },
  });

  before(async () => {
    server = await startServerProcess({ dialect: DIALECTS[0] ?? 'sqlite' });
    dir = mkdtempSync(join(tmpdir(), 'cutover-s3-cli-'));
  });
  after(async () => {
    await server?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates a bucket, copies a file up in 8 MiB parts with the exact ETag and back, and lists it', async () => {
    const data = randomBytes(9 * MiB);
    writeFileSync(join(dir, 'big.bin'), data);
    await aws(['s3api', 'create-bucket', '--bucket', BUCKET]);
    await aws(['s3', 'cp', join(dir, 'big.bin'), `s3://${BUCKET}/multi/cli.bin`, '--only-show-errors']);
    const head = JSON.parse((await aws(['s3api', 'head-object', '--bucket', BUCKET, '--key', 'multi/cli.bin'])).stdout);
    assert.equal(head.ETag, multipartETag(data, 8 * MiB));
    assert.equal(head.ContentLength, data.length);
    await aws(['s3', 'cp', `s3://${BUCKET}/multi/cli.bin`, join(dir, 'back.bin'), '--only-show-errors']);
    assert.deepEqual(md5(readFileSync(join(dir, 'back.bin'))), md5(data));
    const listed = JSON.parse((await aws(['s3api', 'list-objects-v2', '--bucket', BUCKET, '--prefix', 'multi/'])).stdout);
    assert.deepEqual(listed.Contents.map((c: { Key: string; Size: number }) => [c.Key, c.Size]), [['multi/cli.bin', data.length]]);
  });

  it('serves a GET through a SigV4 presigned URL made by boto3, and refuses it once tampered with', async () => {
    await aws(['s3api', 'put-object', '--bucket', BUCKET, '--key', 'shared/readme.txt', '--body', writeTemp(dir, 'readme.txt', 'presigned hello')]);
    const script = [
      'import boto3, sys',
      'from botocore.config import Config',
      's3 = boto3.client("s3", endpoint_url=sys.argv[1], region_name="us-east-1", aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3],',
      '                  config=Config(signature_version="s3v4", s3={"addressing_style": "path"}))',
      'print(s3.generate_presigned_url("get_object", Params={"Bucket": sys.argv[4], "Key": "shared/readme.txt"}, ExpiresIn=300))',
    ].join('\n');
    const { stdout } = await run('python3', ['-c', script, server.url, server.credentials.accessKeyId, server.credentials.secretAccessKey, BUCKET]);
    const url = stdout.trim();
    assert.match(url, /X-Amz-Signature=/);
    const got = await fetch(url);
    assert.equal(got.status, 200);
    assert.equal(await got.text(), 'presigned hello');
    const tampered = await fetch(url.replace('shared/readme.txt', 'shared/other.txt'));
    assert.equal(tampered.status, 403);
    assert.match(await tampered.text(), /<Code>SignatureDoesNotMatch<\/Code>/);
  });
});

// A crash mid-upload: the server is killed while a body streams in, then started again on the
// same data directory and database. No object appears, and the temporary file is swept at start.
describe('the embedded bundle store after a crash mid-upload', () => {
  let server: ServerProcess;

  before(async () => {
    server = await startServerProcess({ dialect: DIALECTS[0] ?? 'sqlite' });
  });
  after(() => server?.destroy());

  it('has no object and no temporary file after a restart', async () => {
    const s3 = s3Client(server.url, server.credentials);
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    const url = new URL(`/${BUCKET}/crashed.bin`, server.url);
    const body = randomBytes(20 * MiB);
    const headers = signRequest({ method: 'PUT', url, headers: { host: url.host }, body }, { credentials: server.credentials, region: 'us-east-1', service: 's3' });
    const req = request(url, { method: 'PUT', headers: { ...headers, 'content-length': String(body.length) } });
    req.on('error', () => {});
    req.write(body.subarray(0, 4 * MiB));
    await waitFor('the upload to reach the bundle directory', () => blobFiles(server).some((f) => f.startsWith('.tmp-')));
    await server.stop('SIGKILL');
    req.destroy();
    assert.ok(blobFiles(server).some((f) => f.startsWith('.tmp-')), 'the killed server left its temporary file');

    const restarted = await startServerProcess({ dataDir: server.dataDir, databaseUrl: server.databaseUrl });
    const { destroy } = server;
    server = { ...restarted, destroy: async () => { await restarted.stop(); await destroy(); } };
    assert.deepEqual(blobFiles(server), []);
    const again = s3Client(server.url, server.credentials);
    assert.equal(await errorName(again.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'crashed.bin' }))), 'NotFound');
    await again.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'crashed.bin', Body: 'whole' }));
    assert.equal(await (await again.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'crashed.bin' }))).Body!.transformToString(), 'whole');
  });
});
