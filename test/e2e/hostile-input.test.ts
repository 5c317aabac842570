import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as CD from '@aws-sdk/client-codedeploy';
import { CODEDEPLOY_MODEL } from '../../src/api/service-model.ts';
import { fuzzCases, inputShape, operationNames, type FuzzCase, type Hints } from '../support/model-fuzz.ts';
import { postChunked, postRaw, signedCall, TARGET_PREFIX, type RawResponse } from '../support/raw-request.ts';
import { codeDeployClient } from '../support/sdk.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { readAccountId } from '../support/server-store.ts';
import { signRequest } from '../../src/client/sign-request.ts';

// Bad requests generated from the model for all 47 operations, sent signed to a real server
// process: missing and null required members, every member as every wrong JSON type, 100 kB
// strings, unknown members, hostile names, deep nesting, bodies that are not a JSON object,
// protocol abuse and a 3 MB body. The server must never answer 5xx, must answer every error as
// AWS does ({__type, message} plus X-Amzn-ErrorType), and must leave no trace of any refused call.

const PROTOCOL_ERRORS = new Set(['SerializationException', 'ValidationException', 'UnknownOperationException',
  'MissingAuthenticationTokenException', 'IncompleteSignatureException', 'InvalidSignatureException',
  'UnrecognizedClientException', 'AccessDeniedException', 'RequestEntityTooLargeException']);
const ROLE_ARN = 'arn:aws:iam::123456789012:role/CodeDeployServiceRole';
const REVISION = { revisionType: 'S3', s3Location: { bucket: 'fz-bundles', key: 'fz.zip', bundleType: 'zip' } };
const CONCURRENCY = 8;
/** Operations that only read, or create something whose base name already exists (so they fail). */
const SAFE_WITH_REAL_NAMES = /^(Get|List|BatchGet|CreateApplication$|CreateDeploymentConfig$|CreateDeploymentGroup$|RegisterOnPremisesInstance$)/;

interface Outcome {
  fuzz: FuzzCase;
  response: RawResponse;
}

interface Baseline {
  deploymentId: string;
  appArn: string;
  problems: string[];
}

describe('hostile input generated from the model, against a cutover server', () => {
  let server: ServerProcess;
  let client: CD.CodeDeployClient;
  let outcomes: Outcome[] = [];
  let references = new Map<string, RawResponse>();
  let protocol: { label: string; expect: [number, string]; response: RawResponse | Error }[] = [];
  let stateBefore: string;
  let stateAfter: string;
  let baseline: Baseline;
  let elapsedMs = 0;

  before(async () => {
    server = await startServerProcess({ dialect: 'sqlite' });
    client = codeDeployClient(server.url, server.credentials);
    baseline = await createBaseline(client, await readAccountId(server));
    stateBefore = await snapshot(client, baseline);
    const started = Date.now();
    const cases = operationNames().flatMap((op) => fuzzCases(op, hintsFor(op, baseline)));
    outcomes = await sendAll(server, cases);
    references = await sendReferences(server, cases);
    protocol = await sendProtocolAbuse(server);
    elapsedMs = Date.now() - started;
    stateAfter = await snapshot(client, baseline);
  });
  after(async () => {
    client?.destroy();
    await server?.destroy();
  });

  it('set up its baseline resources with valid calls', () => {
    assert.deepEqual(baseline.problems, []);
  });

  it('sent thousands of cases covering every operation within the time budget', () => {
    const ops = new Set(outcomes.map((o) => o.fuzz.operation));
    assert.equal(ops.size, 47);
    assert.ok(outcomes.length > 2000, `only ${outcomes.length} cases`);
    assert.ok(elapsedMs < 60_000, `the run took ${elapsedMs} ms`);
  });

  it('never answers with a 5xx', () => {
    const bad = outcomes.filter((o) => o.response.status >= 500).map(describeOutcome);
    assert.deepEqual(bad.slice(0, 30), [], `${bad.length} case(s) answered 5xx`);
  });

  it('answers every error as JSON {__type, message} with a matching X-Amzn-ErrorType header', () => {
    const bad = [...outcomes.map((o) => [describeOutcome(o), o.response] as const), ...protocolResponses(protocol)]
      .filter(([, r]) => r.status >= 300 && errorShapeProblem(r) !== undefined)
      .map(([label, r]) => `${label}: ${errorShapeProblem(r)}`);
    assert.deepEqual(bad.slice(0, 30), [], `${bad.length} malformed error(s)`);
  });

  it('names only errors that the model lists for the operation, or protocol errors', () => {
    const bad = outcomes.filter((o) => {
      const type = o.response.json?.__type;
      return o.response.status >= 300 && typeof type === 'string' && !PROTOCOL_ERRORS.has(type) && !modelErrors(o.fuzz.operation).has(type);
    }).map(describeOutcome);
    assert.deepEqual(unique(bad).slice(0, 30), [], `${bad.length} error(s) outside the operation's model`);
  });

  it('refuses a missing or null required member', () => {
    const bad = ofKind(outcomes, 'missing-required', 'null-required').filter((o) => o.response.status !== 400).map(describeOutcome);
    assert.deepEqual(bad.slice(0, 30), [], `${bad.length} case(s) not refused with 400`);
  });

  it('refuses a member of the wrong JSON type with SerializationException', () => {
    const bad = ofKind(outcomes, 'wrong-type').filter((o) => o.response.status !== 400 || o.response.json?.__type !== 'SerializationException')
      .map(describeOutcome);
    assert.deepEqual(bad.slice(0, 30), [], `${bad.length} case(s) not refused with SerializationException`);
  });

  it('ignores unknown members, even nested 20,000 levels deep, answering as without them', () => {
    const bad = outcomes.filter((o) => o.fuzz.sameAnswerAs !== undefined).filter((o) => {
      const ref = references.get(referenceKey(o.fuzz))!;
      return ref.status !== o.response.status || ref.json?.__type !== o.response.json?.__type;
    }).map((o) => `${describeOutcome(o)} vs ${answerOf(references.get(referenceKey(o.fuzz))!)}`);
    assert.deepEqual(bad.slice(0, 30), [], `${bad.length} case(s) changed by unknown members`);
  });

  it('refuses deeply nested values and bodies that are not a JSON object with SerializationException', () => {
    const bad = [...ofKind(outcomes, 'bad-body'), ...ofKind(outcomes, 'deep-nesting').filter((o) => o.fuzz.sameAnswerAs === undefined)]
      .filter((o) => o.response.status !== 400 || o.response.json?.__type !== 'SerializationException').map(describeOutcome);
    assert.deepEqual(bad.slice(0, 30), [], `${bad.length} case(s) not refused with SerializationException`);
  });

  it('refuses integers outside their range without a 5xx, and never stores them', () => {
    const bad = ofKind(outcomes, 'out-of-range').filter((o) => o.response.status === 200 && /^(Create|Update)/.test(o.fuzz.operation))
      .map(describeOutcome);
    assert.deepEqual(bad.slice(0, 30), [], `${bad.length} out-of-range number(s) accepted`);
  });

  it('treats an empty body as {}: refused where members are required, never a 5xx', () => {
    const bad = ofKind(outcomes, 'empty-body')
      .filter((o) => (inputShape(o.fuzz.operation).required ?? []).length > 0 && o.response.status !== 400).map(describeOutcome);
    assert.deepEqual(bad, []);
  });

  it('refuses unicode, control characters and other hostile names', () => {
    const bad = ofKind(outcomes, 'hostile-name')
      .filter((o) => o.response.status === 200 && !/^(Delete|Deregister)/.test(o.fuzz.operation)).map(describeOutcome);
    assert.deepEqual(bad.slice(0, 30), [], `${bad.length} hostile name(s) accepted`);
  });

  it('answers protocol abuse (no or unknown target, wrong method or path, 3 MB bodies) with the AWS error', () => {
    const bad = protocol.filter(({ expect, response }) => response instanceof Error
      || response.status !== expect[0] || response.json?.__type !== expect[1])
      .map(({ label, expect, response }) => `${label}: expected ${expect.join(' ')}, got ${response instanceof Error ? response.message : answerOf(response)}`);
    assert.deepEqual(bad, []);
  });

  it('leaves nothing half-written: the state equals what the valid calls created', () => {
    assert.equal(stateAfter, stateBefore);
  });

  it('handles all 47 operations: none answers "is not implemented"', () => {
    const stubs = unique(outcomes.filter((o) => /is not implemented/.test(o.response.json?.message ?? '')).map((o) => o.fuzz.operation));
    assert.deepEqual(stubs, []);
  });
});

/** Valid calls that create what the hinted base inputs refer to. Failures are collected, not thrown. */
async function createBaseline(client: CD.CodeDeployClient, accountId: string): Promise<Baseline> {
  const problems: string[] = [];
  const attempt = async <T>(label: string, call: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await call();
    } catch (error) {
      problems.push(`${label}: ${(error as Error).name}: ${(error as Error).message}`);
      return undefined;
    }
  };
  await attempt('CreateApplication', () => client.send(new CD.CreateApplicationCommand({ applicationName: 'fz-app' })));
  await attempt('CreateDeploymentConfig', () => client.send(new CD.CreateDeploymentConfigCommand({
    deploymentConfigName: 'fz-cfg', minimumHealthyHosts: { type: 'HOST_COUNT', value: 0 } })));
  await attempt('RegisterOnPremisesInstance', () => client.send(new CD.RegisterOnPremisesInstanceCommand({
    instanceName: 'fz-host', iamSessionArn: 'arn:aws:sts::123456789012:assumed-role/CodeDeployInstance/fz-host' })));
  await attempt('AddTagsToOnPremisesInstances', () => client.send(new CD.AddTagsToOnPremisesInstancesCommand({
    instanceNames: ['fz-host'], tags: [{ Key: 'fz', Value: '1' }] })));
  await attempt('CreateDeploymentGroup', () => client.send(new CD.CreateDeploymentGroupCommand({
    applicationName: 'fz-app', deploymentGroupName: 'fz-dg', serviceRoleArn: ROLE_ARN, deploymentConfigName: 'fz-cfg',
    onPremisesInstanceTagFilters: [{ Key: 'fz', Value: '1', Type: 'KEY_AND_VALUE' }] })));
  await attempt('RegisterApplicationRevision', () => client.send(new CD.RegisterApplicationRevisionCommand({
    applicationName: 'fz-app', revision: REVISION as CD.RevisionLocation, description: 'baseline' })));
  const created = await attempt('CreateDeployment', () => client.send(new CD.CreateDeploymentCommand({
    applicationName: 'fz-app', deploymentGroupName: 'fz-dg', revision: REVISION as CD.RevisionLocation })));
  return {
    deploymentId: created?.deploymentId ?? 'd-FZMISSING',
    appArn: `arn:aws:codedeploy:us-east-1:${accountId}:application:fz-app`,
    problems,
  };
}

/**
 * Member values for base inputs. Reads and creates of names that already exist get the real
 * names, so their cases reach the handlers; everything that could change state gets names of
 * things that do not exist, so that no case can legitimately alter the baseline.
 */
function hintsFor(operation: string, baseline: Baseline): Hints {
  const real = SAFE_WITH_REAL_NAMES.test(operation);
  const app = real ? 'fz-app' : 'fz-gone';
  const group = real ? 'fz-dg' : 'fz-gone';
  const host = real ? 'fz-host' : 'fz-gone';
  const deploymentId = real ? baseline.deploymentId : 'd-FZMISSING';
  return {
    applicationName: app, applicationNames: [app], deploymentGroupName: group, deploymentGroupNames: [group],
    currentDeploymentGroupName: group, deploymentConfigName: real ? 'fz-cfg' : 'fz-gone', instanceName: host, instanceNames: [host],
    deploymentId, deploymentIds: [deploymentId], targetId: host, targetIds: [host], instanceId: host, instanceIds: [host],
    serviceRoleArn: ROLE_ARN, iamSessionArn: 'arn:aws:sts::123456789012:assumed-role/CodeDeployInstance/fz-other',
    revision: REVISION, revisions: [REVISION], newApplicationName: 'fz-new', newDeploymentGroupName: 'fz-new',
    ResourceArn: real ? baseline.appArn : baseline.appArn.replace(/fz-app$/, 'fz-gone'), tokenName: 'fz-gone',
  };
}

/** Everything the API shows about the baseline, as one comparable string. */
async function snapshot(client: CD.CodeDeployClient, baseline: Baseline): Promise<string> {
  const read = async (label: string, call: () => Promise<unknown>) => {
    try {
      return [label, await call()];
    } catch (error) {
      return [label, `error ${(error as Error).name}`];
    }
  };
  const parts = await Promise.all([
    read('applications', async () => (await client.send(new CD.ListApplicationsCommand({}))).applications),
    read('configs', async () => (await client.send(new CD.ListDeploymentConfigsCommand({}))).deploymentConfigsList),
    read('groups', async () => (await client.send(new CD.ListDeploymentGroupsCommand({ applicationName: 'fz-app' }))).deploymentGroups),
    read('group', async () => withoutVolatile((await client.send(new CD.GetDeploymentGroupCommand({ applicationName: 'fz-app', deploymentGroupName: 'fz-dg' }))).deploymentGroupInfo)),
    read('instances', async () => (await client.send(new CD.ListOnPremisesInstancesCommand({}))).instanceNames),
    read('instance', async () => (await client.send(new CD.GetOnPremisesInstanceCommand({ instanceName: 'fz-host' }))).instanceInfo?.tags),
    read('revisions', async () => (await client.send(new CD.ListApplicationRevisionsCommand({ applicationName: 'fz-app' }))).revisions),
    read('deployments', async () => (await client.send(new CD.ListDeploymentsCommand({}))).deployments),
    read('deployment', async () => (await client.send(new CD.GetDeploymentCommand({ deploymentId: baseline.deploymentId }))).deploymentInfo?.status),
    read('tokens', async () => (await client.send(new CD.ListGitHubAccountTokenNamesCommand({}))).tokenNameList),
    read('tags', async () => (await client.send(new CD.ListTagsForResourceCommand({ ResourceArn: baseline.appArn }))).Tags),
  ]);
  return JSON.stringify(Object.fromEntries(parts), null, 1);
}

function withoutVolatile(info: CD.DeploymentGroupInfo | undefined): unknown {
  return info && { ...info, lastAttemptedDeployment: undefined, lastSuccessfulDeployment: undefined };
}

async function sendAll(server: ServerProcess, cases: FuzzCase[]): Promise<Outcome[]> {
  return mapLimited(cases, CONCURRENCY, async (fuzz) => ({ fuzz, response: await send(server, fuzz.operation, fuzz.body) }));
}

/** Sends each distinct reference body (the same request without unknown members) once. */
async function sendReferences(server: ServerProcess, cases: FuzzCase[]): Promise<Map<string, RawResponse>> {
  const wanted = new Map<string, FuzzCase>();
  for (const c of cases) if (c.sameAnswerAs !== undefined) wanted.set(referenceKey(c), c);
  const answers = await mapLimited([...wanted.entries()], CONCURRENCY,
    async ([key, c]) => [key, await send(server, c.operation, c.sameAnswerAs!)] as const);
  return new Map(answers);
}

function referenceKey(c: FuzzCase): string {
  return `${c.operation} ${c.sameAnswerAs}`;
}

function send(server: ServerProcess, operation: string, body: string | Buffer): Promise<RawResponse> {
  return signedCall({ url: server.url, credentials: server.credentials, operation, body });
}

/** Requests no client would send, each with the status and error AWS answers it with. */
async function sendProtocolAbuse(server: ServerProcess) {
  const call = (options: Partial<Parameters<typeof signedCall>[0]>) =>
    signedCall({ url: server.url, credentials: server.credentials, operation: 'ListApplications', body: '{}', ...options });
  const big = Buffer.from(JSON.stringify({ applicationName: 'fz-big', tags: [{ Key: 'k', Value: 'v'.repeat(3 * 1024 * 1024) }] }));
  const cases: [string, [number, string], () => Promise<RawResponse>][] = [
    ['no X-Amz-Target', [400, 'UnknownOperationException'], () => call({ target: null })],
    ['unknown operation', [400, 'UnknownOperationException'], () => call({ target: `${TARGET_PREFIX}.LaunchRockets` })],
    ['empty operation name', [400, 'UnknownOperationException'], () => call({ target: `${TARGET_PREFIX}.` })],
    ['another service\'s target', [400, 'UnknownOperationException'], () => call({ target: 'DynamoDB_20120810.ListTables' })],
    ['an inherited property as operation', [400, 'UnknownOperationException'], () => call({ target: `${TARGET_PREFIX}.constructor` })],
    ['__proto__ as operation', [400, 'UnknownOperationException'], () => call({ target: `${TARGET_PREFIX}.__proto__` })],
    ['GET instead of POST', [400, 'UnknownOperationException'], () => call({ method: 'GET', body: '' })],
    ['another path', [400, 'UnknownOperationException'], () => call({ path: '/admin' })],
    ['a 3 MB body with Content-Length', [413, 'RequestEntityTooLargeException'], () => call({ operation: 'CreateApplication', body: big })],
    ['a 3 MB chunked body', [413, 'RequestEntityTooLargeException'], () => sendSignedChunked(server, big)],
    ['an unsigned request', [403, 'MissingAuthenticationTokenException'],
      () => postRaw(server.url, { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${TARGET_PREFIX}.ListApplications` }, '{}')],
  ];
  const results = [];
  for (const [label, expect, run] of cases) {
    results.push({ label, expect, response: await run().catch((error: Error) => error) });
  }
  return results;
}

function sendSignedChunked(server: ServerProcess, body: Buffer): Promise<RawResponse> {
  const url = new URL(server.url);
  const headers = signRequest({
    method: 'POST', url, body,
    headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${TARGET_PREFIX}.CreateApplication` },
  }, { credentials: server.credentials, region: 'us-east-1', service: 'codedeploy' });
  return postChunked(server.url, headers, body);
}

function protocolResponses(protocol: { label: string; response: RawResponse | Error }[]): (readonly [string, RawResponse])[] {
  return protocol.filter((p): p is { label: string; response: RawResponse } => !(p.response instanceof Error))
    .map((p) => [p.label, p.response] as const);
}

/** What is wrong with an error response's form, or undefined when it is as AWS sends it. */
function errorShapeProblem(r: RawResponse): string | undefined {
  const body = r.json;
  if (!body || typeof body !== 'object' || Array.isArray(body)) return `body is not a JSON object: ${r.text.slice(0, 80)}`;
  if (typeof body.__type !== 'string' || !body.__type) return 'no __type';
  if (typeof body.message !== 'string') return 'no message';
  const extra = Object.keys(body).filter((k) => k !== '__type' && k !== 'message');
  if (extra.length) return `extra members ${extra}`;
  if (r.headers['x-amzn-errortype'] !== body.__type) return `X-Amzn-ErrorType ${r.headers['x-amzn-errortype']} does not match ${body.__type}`;
  if (!String(r.headers['content-type']).startsWith('application/x-amz-json-1.1')) return `content-type ${r.headers['content-type']}`;
  if (!r.headers['x-amzn-requestid']) return 'no x-amzn-RequestId';
  return undefined;
}

function modelErrors(operation: string): Set<string> {
  return new Set((CODEDEPLOY_MODEL.operations[operation]?.errors ?? []).map((e) => e.shape));
}

function ofKind(outcomes: Outcome[], ...kinds: FuzzCase['kind'][]): Outcome[] {
  return outcomes.filter((o) => kinds.includes(o.fuzz.kind));
}

function describeOutcome(o: Outcome): string {
  return `${o.fuzz.operation} [${o.fuzz.kind}] ${o.fuzz.label}: ${answerOf(o.response)}`;
}

function answerOf(r: RawResponse): string {
  return `${r.status} ${r.json?.__type ?? ''} ${String(r.json?.message ?? r.text).slice(0, 100)}`.trim();
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

async function mapLimited<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
