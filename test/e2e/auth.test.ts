import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { KEY_CACHE_MS } from '../../src/store/access-keys.ts';
import * as CD from '@aws-sdk/client-codedeploy';
import pg from 'pg';
import { sha256Hex } from '../../src/core/sigv4.ts';
import { runAws } from '../support/aws-cli.ts';
import { DIALECTS } from '../support/dialects.ts';
import { postRaw, signedCall, TARGET_PREFIX, type RawResponse } from '../support/raw-request.ts';
import { codeDeployClient } from '../support/sdk.ts';
import { startServerProcess, type Credentials, type ServerProcess } from '../support/server-process.ts';

// Authentication and roles against a real `cutover server` on each dialect: every way a
// signature can be wrong is refused with the error name and status AWS uses, keys are managed
// with the real `cutover keys` CLI, roles limit what a key may do without writing anything, and
// secrets are never readable from the database.

const CUTOVER = resolve(import.meta.dirname, '..', '..', 'bin', 'cutover');
const ROLE_ARN = 'arn:aws:iam::123456789012:role/CodeDeployServiceRole';

interface CreatedKey extends Credentials {
  role: string;
}

/** Runs `./bin/cutover <args…>` against the server's data directory and database. */
function cutover(server: ServerProcess, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const all = [...args, '--data-dir', server.dataDir, '--database-url', server.databaseUrl];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(CUTOVER, all, { env: { ...process.env, CUTOVER_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code: code ?? 1, stdout, stderr }));
  });
}

async function createKey(server: ServerProcess, role: string, extra: string[] = []): Promise<CreatedKey> {
  const r = await cutover(server, ['keys', 'create', '--role', role, '--output', 'json', '--description', `${role} key for the auth suite`, ...extra]);
  assert.equal(r.code, 0, r.stderr);
  const key = JSON.parse(r.stdout);
  assert.equal(key.role, role);
  return key;
}

/** Asserts the status and AWS error of a raw response, and its wire form. */
function assertRefused(r: RawResponse, status: number, type: string): void {
  assert.equal(r.status, status, `expected ${status} ${type}, got ${r.status} ${r.text}`);
  assert.equal(r.json?.__type, type, r.text);
  assert.equal(r.headers['x-amzn-errortype'], type);
  assert.equal(typeof r.json?.message, 'string');
}

/** Asserts that an SDK call fails with the named AWS error and HTTP status. */
async function rejectsWith(promise: Promise<unknown>, name: string, status: number): Promise<void> {
  await assert.rejects(promise, (error: any) => {
    assert.equal(error.name, name, `expected ${name}, got ${error.name}: ${error.message}`);
    assert.equal(error.$metadata?.httpStatusCode, status);
    return true;
  });
}

/**
 * The first refused call within KEY_CACHE_MS and some slack: the server reuses a looked-up key
 * for that long, so a revocation made by another process takes effect within it, not
 * necessarily on the very next request.
 */
async function firstRefusal(sdk: ReturnType<typeof codeDeployClient>): Promise<never> {
  const deadline = Date.now() + KEY_CACHE_MS + 2000;
  while (Date.now() < deadline) {
    const refused = await sdk.send(new CD.ListApplicationsCommand({})).then(() => undefined, (error: unknown) => error);
    if (refused) throw refused;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the revoked key was still accepted');
}

for (const dialect of DIALECTS) {
  describe(`authentication and roles on ${dialect}`, { timeout: 300_000 }, () => {
    let server: ServerProcess;
    let admin: CD.CodeDeployClient;
    let readonly: CreatedKey;
    let deployer: CreatedKey;
    let revocable: CreatedKey;
    let agent: CreatedKey;

    const call = (options: Partial<Parameters<typeof signedCall>[0]> = {}) =>
      signedCall({ url: server.url, credentials: server.credentials, operation: 'ListApplications', body: '{}', ...options });

    before(async () => {
      server = await startServerProcess({ dialect });
      admin = codeDeployClient(server.url, server.credentials);
      [readonly, deployer, revocable, agent] = await Promise.all([
        createKey(server, 'readonly'), createKey(server, 'deployer'), createKey(server, 'deployer'),
        createKey(server, 'agent', ['--instance-name', 'auth-agent-host']),
      ]);
    });
    after(async () => {
      admin?.destroy();
      await server?.destroy();
    });

    it('accepts a correctly signed request, as a baseline', async () => {
      const r = await call();
      assert.equal(r.status, 200, r.text);
      assert.ok(Array.isArray(r.json.applications));
    });

    it('refuses a request signed with the wrong secret: 403 InvalidSignatureException', async () => {
      const wrong = { ...server.credentials, secretAccessKey: 'x'.repeat(40) };
      assertRefused(await call({ credentials: wrong }), 403, 'InvalidSignatureException');
      const sdk = codeDeployClient(server.url, wrong);
      await rejectsWith(sdk.send(new CD.ListApplicationsCommand({})), 'InvalidSignatureException', 403);
      sdk.destroy();
    });

    it('refuses a body changed after signing, whether or not x-amz-content-sha256 is recomputed', async () => {
      const body = JSON.stringify({ applicationName: 'auth-tamper-a' });
      const tampered = JSON.stringify({ applicationName: 'auth-tamper-b' });
      const keepHash = await call({ operation: 'CreateApplication', body, alter: ({ headers }) => ({ headers, body: tampered }) });
      assertRefused(keepHash, 403, 'InvalidSignatureException');
      const newHash = await call({ operation: 'CreateApplication', body,
        alter: ({ headers }) => ({ headers: { ...headers, 'x-amz-content-sha256': sha256Hex(tampered) }, body: tampered }) });
      assertRefused(newHash, 403, 'InvalidSignatureException');
      const cliStyle = await call({ operation: 'CreateApplication', body, omitPayloadHashHeader: true,
        alter: ({ headers }) => ({ headers, body: tampered }) });
      assertRefused(cliStyle, 403, 'InvalidSignatureException');
      assert.deepEqual((await admin.send(new CD.ListApplicationsCommand({}))).applications?.filter((a) => a.startsWith('auth-tamper')), []);
    });

    it('accepts a body signed without x-amz-content-sha256, as the aws CLI v1 signs', async () => {
      const r = await call({ omitPayloadHashHeader: true });
      assert.equal(r.status, 200, r.text);
    });

    it('refuses an unknown access key: 400 UnrecognizedClientException', async () => {
      const unknown = { accessKeyId: 'CKIAUNKNOWNKEY000000', secretAccessKey: 'y'.repeat(40) };
      assertRefused(await call({ credentials: unknown }), 400, 'UnrecognizedClientException');
      const sdk = codeDeployClient(server.url, unknown);
      await rejectsWith(sdk.send(new CD.ListApplicationsCommand({})), 'UnrecognizedClientException', 400);
      sdk.destroy();
    });

    it('refuses a key once `cutover keys revoke` has revoked it', async () => {
      const sdk = codeDeployClient(server.url, revocable);
      await sdk.send(new CD.ListApplicationsCommand({}));
      const r = await cutover(server, ['keys', 'revoke', revocable.accessKeyId]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`revoked ${revocable.accessKeyId}`));
      await rejectsWith(firstRefusal(sdk), 'UnrecognizedClientException', 400);
      sdk.destroy();
    });

    it('refuses a request dated more than 15 minutes in the past or the future', async () => {
      for (const offsetMs of [-16 * 60_000, 16 * 60_000]) {
        const r = await call({ now: new Date(Date.now() + offsetMs) });
        assertRefused(r, 403, 'InvalidSignatureException');
        assert.match(r.json.message, /Signature expired/);
      }
      assert.equal((await call({ now: new Date(Date.now() - 10 * 60_000) })).status, 200, 'ten minutes of skew is tolerated');
    });

    it('refuses a request without an Authorization header: 403 MissingAuthenticationTokenException', async () => {
      const r = await postRaw(server.url, { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${TARGET_PREFIX}.ListApplications` }, '{}');
      assertRefused(r, 403, 'MissingAuthenticationTokenException');
    });

    it('refuses malformed Authorization headers: 400 IncompleteSignatureException', async () => {
      const malformed = [
        'Bearer abc.def.ghi',
        'AWS4-HMAC-SHA256',
        'AWS4-HMAC-SHA256 Credential=CKIA/20260101/us-east-1/codedeploy/aws4_request',
        'AWS4-HMAC-SHA256 Credential=CKIA/20260101/us-east-1/codedeploy/aws4_request, SignedHeaders=host;x-amz-date, Signature=not-hex',
        'AWS4-HMAC-SHA256 Credential=CKIA/2026/us-east-1/codedeploy/aws4_request, SignedHeaders=host, Signature=' + '0'.repeat(64),
      ];
      for (const authorization of malformed) {
        const r = await call({ alter: ({ headers, body }) => ({ headers: { ...headers, authorization }, body }) });
        assertRefused(r, 400, 'IncompleteSignatureException');
      }
      const noDate = await call({ alter: ({ headers, body }) => {
        const { 'x-amz-date': _date, ...rest } = headers;
        return { headers: rest, body };
      } });
      assert.ok(noDate.status === 400 || noDate.status === 403, noDate.text);
      assert.ok(['IncompleteSignatureException', 'InvalidSignatureException'].includes(noDate.json?.__type), noDate.text);
    });

    it('refuses a signature scoped to another service: 403 InvalidSignatureException', async () => {
      for (const service of ['codecommit', 'codedeploy-commands', 's3']) {
        const r = await call({ service });
        assertRefused(r, 403, 'InvalidSignatureException');
      }
    });

    it('answers a wrong secret through the aws CLI with InvalidSignatureException', async () => {
      const file = `${server.dataDir}/wrong-credentials`;
      writeFileSync(file, `[default]\naws_access_key_id = ${server.credentials.accessKeyId}\naws_secret_access_key = ${'z'.repeat(40)}\nregion = us-east-1\n`);
      const r = await runAws(['deploy', 'list-applications', '--endpoint-url', server.url, '--output', 'json'], file);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /\(InvalidSignatureException\)/);
    });

    it('lets a readonly key list and get, but refuses every write with AccessDeniedException and writes nothing', async () => {
      await admin.send(new CD.CreateApplicationCommand({ applicationName: 'auth-ro-app' }));
      const before = await snapshot(admin);
      const ro = codeDeployClient(server.url, readonly);
      assert.ok((await ro.send(new CD.ListApplicationsCommand({}))).applications?.includes('auth-ro-app'));
      assert.equal((await ro.send(new CD.GetApplicationCommand({ applicationName: 'auth-ro-app' }))).application?.applicationName, 'auth-ro-app');
      await ro.send(new CD.BatchGetApplicationsCommand({ applicationNames: ['auth-ro-app'] }));
      await ro.send(new CD.GetDeploymentConfigCommand({ deploymentConfigName: 'CodeDeployDefault.OneAtATime' }));
      const writes: (() => Promise<unknown>)[] = [
        () => ro.send(new CD.CreateApplicationCommand({ applicationName: 'auth-ro-new' })),
        () => ro.send(new CD.DeleteApplicationCommand({ applicationName: 'auth-ro-app' })),
        () => ro.send(new CD.UpdateApplicationCommand({ applicationName: 'auth-ro-app', newApplicationName: 'auth-ro-renamed' })),
        () => ro.send(new CD.CreateDeploymentGroupCommand({ applicationName: 'auth-ro-app', deploymentGroupName: 'g', serviceRoleArn: ROLE_ARN })),
        () => ro.send(new CD.CreateDeploymentConfigCommand({ deploymentConfigName: 'auth-ro-cfg', minimumHealthyHosts: { type: 'HOST_COUNT', value: 1 } })),
        () => ro.send(new CD.RegisterOnPremisesInstanceCommand({ instanceName: 'auth-ro-host', iamSessionArn: 'arn:aws:sts::123456789012:assumed-role/R/auth-ro-host' })),
        () => ro.send(new CD.RegisterApplicationRevisionCommand({ applicationName: 'auth-ro-app',
          revision: { revisionType: 'S3', s3Location: { bucket: 'b', key: 'k.zip', bundleType: 'zip' } } })),
        () => ro.send(new CD.CreateDeploymentCommand({ applicationName: 'auth-ro-app', deploymentGroupName: 'g' })),
        () => ro.send(new CD.TagResourceCommand({ ResourceArn: 'arn:aws:codedeploy:us-east-1::application:auth-ro-app', Tags: [{ Key: 'a', Value: 'b' }] })),
      ];
      for (const write of writes) await rejectsWith(write(), 'AccessDeniedException', 400);
      ro.destroy();
      assert.equal(await snapshot(admin), before, 'a refused write changed nothing');
    });

    it('lets a deployer key create and stop deployments, but not delete applications or groups', async () => {
      await admin.send(new CD.CreateApplicationCommand({ applicationName: 'auth-dep-app' }));
      await admin.send(new CD.RegisterOnPremisesInstanceCommand({ instanceName: 'auth-dep-host',
        iamSessionArn: 'arn:aws:sts::123456789012:assumed-role/CodeDeployInstance/auth-dep-host' }));
      await admin.send(new CD.AddTagsToOnPremisesInstancesCommand({ instanceNames: ['auth-dep-host'], tags: [{ Key: 'auth', Value: 'dep' }] }));
      await admin.send(new CD.CreateDeploymentGroupCommand({ applicationName: 'auth-dep-app', deploymentGroupName: 'auth-dep-dg',
        serviceRoleArn: ROLE_ARN, onPremisesInstanceTagFilters: [{ Key: 'auth', Value: 'dep', Type: 'KEY_AND_VALUE' }] }));
      const dep = codeDeployClient(server.url, deployer);
      const revision: CD.RevisionLocation = { revisionType: 'S3', s3Location: { bucket: 'b', key: 'auth.zip', bundleType: 'zip' } };
      await dep.send(new CD.RegisterApplicationRevisionCommand({ applicationName: 'auth-dep-app', revision }));
      const { deploymentId } = await dep.send(new CD.CreateDeploymentCommand({ applicationName: 'auth-dep-app', deploymentGroupName: 'auth-dep-dg', revision }));
      assert.match(deploymentId ?? '', /^d-[A-Z0-9]{9}$/);
      assert.equal((await dep.send(new CD.GetDeploymentCommand({ deploymentId }))).deploymentInfo?.creator, 'user');
      await dep.send(new CD.StopDeploymentCommand({ deploymentId }));
      await rejectsWith(dep.send(new CD.DeleteApplicationCommand({ applicationName: 'auth-dep-app' })), 'AccessDeniedException', 400);
      await rejectsWith(dep.send(new CD.DeleteDeploymentGroupCommand({ applicationName: 'auth-dep-app', deploymentGroupName: 'auth-dep-dg' })),
        'AccessDeniedException', 400);
      await rejectsWith(dep.send(new CD.CreateApplicationCommand({ applicationName: 'auth-dep-new' })), 'AccessDeniedException', 400);
      dep.destroy();
      assert.equal((await admin.send(new CD.GetApplicationCommand({ applicationName: 'auth-dep-app' }))).application?.applicationName, 'auth-dep-app');
      const groups = await admin.send(new CD.ListDeploymentGroupsCommand({ applicationName: 'auth-dep-app' }));
      assert.deepEqual(groups.deploymentGroups, ['auth-dep-dg']);
    });

    it('refuses every CodeDeploy operation to an agent key, reads included', async () => {
      const sdk = codeDeployClient(server.url, agent);
      await rejectsWith(sdk.send(new CD.ListApplicationsCommand({})), 'AccessDeniedException', 400);
      await rejectsWith(sdk.send(new CD.GetOnPremisesInstanceCommand({ instanceName: 'auth-agent-host' })), 'AccessDeniedException', 400);
      await rejectsWith(sdk.send(new CD.CreateApplicationCommand({ applicationName: 'auth-agent-app' })), 'AccessDeniedException', 400);
      sdk.destroy();
    });

    it('lists keys with `cutover keys list`, never showing a secret', async () => {
      const secrets = [server.credentials.secretAccessKey, readonly.secretAccessKey, deployer.secretAccessKey, revocable.secretAccessKey, agent.secretAccessKey];
      const [json, text] = await Promise.all([cutover(server, ['keys', 'list', '--output', 'json']), cutover(server, ['keys', 'list'])]);
      assert.equal(json.code, 0, json.stderr);
      const keys = JSON.parse(json.stdout) as Record<string, unknown>[];
      const ids = keys.map((k) => k.accessKeyId);
      for (const key of [server.credentials, readonly, deployer, revocable]) assert.ok(ids.includes(key.accessKeyId));
      assert.ok(keys.every((k) => !('secretAccessKey' in k)));
      const revoked = keys.find((k) => k.accessKeyId === revocable.accessKeyId);
      assert.ok(revoked?.revokedTime, 'the revoked key shows when it was revoked');
      assert.equal(text.code, 0, text.stderr);
      assert.match(text.stdout, /readonly/);
      for (const secret of secrets) {
        assert.ok(!json.stdout.includes(secret) && !text.stdout.includes(secret), 'a secret was printed');
      }
    });

    it('does not store any secret in plain text in the database', async () => {
      const secrets = [server.credentials.secretAccessKey, readonly.secretAccessKey, deployer.secretAccessKey, revocable.secretAccessKey, agent.secretAccessKey];
      const stored = await databaseContents(server);
      assert.ok(stored.length > 0);
      for (const secret of secrets) {
        assert.ok(!stored.includes(secret), 'a secret access key is readable in the database');
        assert.ok(!stored.includes(Buffer.from(secret).toString('base64')), 'a secret is stored merely base64-encoded');
      }
    });
  });
}

/** What admin sees of everything a refused write could have touched. */
async function snapshot(client: CD.CodeDeployClient): Promise<string> {
  const [apps, configs, instances, groups, revisions, deployments, tags] = await Promise.all([
    client.send(new CD.ListApplicationsCommand({})),
    client.send(new CD.ListDeploymentConfigsCommand({})),
    client.send(new CD.ListOnPremisesInstancesCommand({})),
    client.send(new CD.ListDeploymentGroupsCommand({ applicationName: 'auth-ro-app' })),
    client.send(new CD.ListApplicationRevisionsCommand({ applicationName: 'auth-ro-app' })),
    client.send(new CD.ListDeploymentsCommand({})),
    client.send(new CD.ListTagsForResourceCommand({ ResourceArn: 'arn:aws:codedeploy:us-east-1::application:auth-ro-app' })),
  ]);
  return JSON.stringify([apps.applications, configs.deploymentConfigsList, instances.instanceNames, groups.deploymentGroups,
    revisions.revisions, deployments.deployments, tags.Tags]);
}

/** The raw bytes of a SQLite database (file, WAL and shared memory), or every access-key row of PostgreSQL. */
async function databaseContents(server: ServerProcess): Promise<string> {
  if (server.databaseUrl.startsWith('sqlite:')) {
    const path = server.databaseUrl.slice('sqlite:'.length);
    return ['', '-wal', '-shm'].filter((s) => existsSync(path + s)).map((s) => readFileSync(path + s).toString('latin1')).join('\n');
  }
  const client = new pg.Client({ connectionString: server.databaseUrl });
  await client.connect();
  try {
    const rows = await client.query('select row_to_json(k)::text as row from access_keys k');
    return rows.rows.map((r) => r.row).join('\n');
  } finally {
    await client.end();
  }
}
