import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as tar from 'tar';
import { S3TestDouble } from '../../src/agent/bundle/s3-test-double.ts';
import { signRequest } from '../../src/client/sign-request.ts';

/** Credentials the test object store accepts (moto accepts any; the double checks these). */
export const S3_CREDENTIALS = { accessKeyId: 'AKIACUTOVERS3TEST001', secretAccessKey: 'cutover-s3-test-secret-key' };
const REGION = 'us-east-1';

/** An S3-compatible object store for tests, reachable over HTTP on this machine. */
export interface TestS3 {
  /** `moto` (a real `moto_server` process) or `double` (the in-process SigV4-checking double). */
  kind: 'moto' | 'double';
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  createBucket(bucket: string): Promise<void>;
  /** Uploads an object; returns its ETag (quoted, as S3 sends it). */
  putObject(bucket: string, key: string, body: Buffer): Promise<{ eTag: string }>;
  close(): Promise<void>;
}

/**
 * Starts `moto_server` on a free port when it is installed, else the in-process S3 double
 * (`src/agent/bundle/s3-test-double.ts`). Set CUTOVER_TEST_S3=double to force the double.
 */
export async function startS3(): Promise<TestS3> {
  if (process.env.CUTOVER_TEST_S3 !== 'double' && hasMoto()) return startMoto();
  return startDouble();
}

function hasMoto(): boolean {
  return spawnSync('moto_server', ['--help'], { stdio: 'ignore' }).status === 0;
}

async function startMoto(): Promise<TestS3> {
  const port = await freePort();
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout!.on('data', (c) => (output += c));
  child.stderr!.on('data', (c) => (output += c));
  const endpoint = `http://127.0.0.1:${port}`;
  await waitUntilAnswering(endpoint, child, () => output);
  return {
    kind: 'moto', endpoint, region: REGION, credentials: S3_CREDENTIALS,
    createBucket: async (bucket) => void (await signedS3(endpoint, 'PUT', `/${bucket}`, Buffer.alloc(0))),
    async putObject(bucket, key, body) {
      const res = await signedS3(endpoint, 'PUT', `/${bucket}/${key}`, body);
      return { eTag: res.etag };
    },
    close: () => stopProcessGroup(child),
  };
}

async function startDouble(): Promise<TestS3> {
  const double = new S3TestDouble({ secretAccessKey: S3_CREDENTIALS.secretAccessKey });
  const endpoint = await double.start();
  let version = 0;
  return {
    kind: 'double', endpoint, region: REGION, credentials: S3_CREDENTIALS,
    async createBucket() {},
    async putObject(bucket, key, body) {
      const eTag = `"etag-${++version}"`;
      double.put(bucket, key, `v${version}`, { body, etag: eTag });
      return { eTag };
    },
    close: () => double.close(),
  };
}

/** One file of a bundle: its content and, optionally, its mode (e.g. 0o755 for scripts). */
export type BundleFiles = Record<string, string | { content: string; mode: number }>;

/** Builds a gzipped tar bundle (bundle type `tgz`) holding `files`, paths relative to its root. */
export async function buildTgzBundle(files: BundleFiles): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'cutover-bundle-'));
  try {
    for (const [path, file] of Object.entries(files)) {
      const full = join(dir, 'src', path);
      mkdirSync(dirname(full), { recursive: true });
      const { content, mode } = typeof file === 'string' ? { content: file, mode: 0o644 } : file;
      writeFileSync(full, content, { mode });
    }
    const out = join(dir, 'bundle.tgz');
    await tar.c({ gzip: true, file: out, cwd: join(dir, 'src'), portable: true }, Object.keys(files));
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function signedS3(endpoint: string, method: string, path: string, body: Buffer): Promise<{ status: number; etag: string }> {
  const url = new URL(path, endpoint);
  const headers = signRequest({ method, url, headers: { host: url.host }, body }, { credentials: S3_CREDENTIALS, region: REGION, service: 's3' });
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { ...headers, 'content-length': String(body.length) } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => {
        if ((res.statusCode ?? 0) >= 300) reject(new Error(`${method} ${path}: HTTP ${res.statusCode} ${text}`));
        else resolve({ status: res.statusCode!, etag: String(res.headers.etag ?? '') });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function waitUntilAnswering(endpoint: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}:\n${output()}`);
    const up = await new Promise<boolean>((resolve) => {
      const req = request(endpoint, { method: 'GET' }, (res) => {
        res.resume();
        resolve(true);
      });
      req.on('error', () => resolve(false));
      req.end();
    });
    if (up) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`moto_server did not answer within 20 s:\n${output()}`);
}

/** A TCP port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

// moto_server may run behind a pyenv shim (a shell wrapper), so the whole group is stopped.
function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      resolve();
    }
  });
}
