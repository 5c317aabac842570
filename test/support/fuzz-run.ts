import * as CD from '@aws-sdk/client-codedeploy';
import { signRequest } from '../../src/client/sign-request.ts';
import type { DialectName } from '../../src/store/db.ts';
import { fuzzCases, operationNames, type FuzzCase, type FuzzKind, type Hints } from './model-fuzz.ts';
import { postChunked, postRaw, signedCall, TARGET_PREFIX, type RawResponse } from './raw-request.ts';
import { codeDeployClient } from './sdk.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';
import { readAccountId } from './server-store.ts';

// Runs the model-generated hostile cases of model-fuzz.ts against a fresh server process: sets
// up a baseline with valid calls, snapshots what the API shows, sends every case (and, for cases
// that must be answered as if their unknown members were absent, the reference request), then
// the protocol abuse, and snapshots again. test/e2e/hostile-input.test.ts asserts on the result.

const ROLE_ARN = 'arn:aws:iam::123456789012:role/CodeDeployServiceRole';
const REVISION = { revisionType: 'S3', s3Location: { bucket: 'fz-bundles', key: 'fz.zip', bundleType: 'zip' } };
const CONCURRENCY = 8;
/** Operations that only read, or create something whose base name already exists (so they fail). */
const SAFE_WITH_REAL_NAMES = /^(Get|List|BatchGet|CreateApplication$|CreateDeploymentConfig$|CreateDeploymentGroup$|RegisterOnPremisesInstance$)/;

/** One case and what the server answered. */
export interface Outcome {
  fuzz: FuzzCase;
  response: RawResponse;
}

/** What the valid set-up calls created, and what went wrong doing so. */
export interface Baseline {
  deploymentId: string;
  appArn: string;
  problems: string[];
}

/** One protocol-abuse request, the answer AWS gives it, and what came back. */
export interface ProtocolOutcome {
  label: string;
  expect: [number, string];
  response: RawResponse | Error;
}

/** Everything a fuzz run observed. */
export interface FuzzRun {
  outcomes: Outcome[];
  /** Answers to the reference requests, by `referenceKey`. */
  references: Map<string, RawResponse>;
  protocol: ProtocolOutcome[];
  baseline: Baseline;
  stateBefore: string;
  stateAfter: string;
  elapsedMs: number;
}

/** Options of a fuzz run: the database, and which kinds of case to send (all by default). */
export interface FuzzRunOptions {
  dialect: DialectName;
  kinds?: FuzzKind[];
  protocolAbuse?: boolean;
}

/** Starts a server, runs the cases, stops the server. */
export async function runFuzz(options: FuzzRunOptions): Promise<FuzzRun> {
  const server = await startServerProcess({ dialect: options.dialect });
  const client = codeDeployClient(server.url, server.credentials);
  try {
    const baseline = await createBaseline(client, await readAccountId(server));
    const stateBefore = await snapshot(client, baseline);
    const started = Date.now();
    const cases = operationNames().flatMap((op) => fuzzCases(op, hintsFor(op, baseline)))
      .filter((c) => !options.kinds || options.kinds.includes(c.kind));
    const outcomes = await sendAll(server, cases);
    const references = await sendReferences(server, cases);
    const protocol = options.protocolAbuse === false ? [] : await sendProtocolAbuse(server);
    const elapsedMs = Date.now() - started;
    const stateAfter = await snapshot(client, baseline);
    return { outcomes, references, protocol, baseline, stateBefore, stateAfter, elapsedMs };
  } finally {
    client.destroy();
    await server.destroy();
  }
}

/** The key under which a case's reference answer is kept. */
export function referenceKey(c: FuzzCase): string {
  return `${c.operation} ${c.sameAnswerAs}`;
}

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
    // Only whether it is still active: the engine may move it from Created to InProgress meanwhile.
    read('deployment', async () => isActive((await client.send(new CD.GetDeploymentCommand({ deploymentId: baseline.deploymentId }))).deploymentInfo?.status)),
    read('tokens', async () => (await client.send(new CD.ListGitHubAccountTokenNamesCommand({}))).tokenNameList),
    read('tags', async () => (await client.send(new CD.ListTagsForResourceCommand({ ResourceArn: baseline.appArn }))).Tags),
  ]);
  return JSON.stringify(Object.fromEntries(parts), null, 1);
}

function isActive(status: string | undefined): boolean {
  return status === 'Created' || status === 'Queued' || status === 'InProgress' || status === 'Ready' || status === 'Baking';
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

/** Sends one case; a transport failure (no answer, reset) is recorded as status 0 with the error as text. */
async function send(server: ServerProcess, operation: string, body: string | Buffer): Promise<RawResponse> {
  try {
    return await signedCall({ url: server.url, credentials: server.credentials, operation, body });
  } catch (error) {
    return { status: 0, headers: {}, text: `transport error: ${(error as Error).message}`, json: undefined };
  }
}

/** Requests no client would send, each with the status and error AWS answers it with. */
async function sendProtocolAbuse(server: ServerProcess): Promise<ProtocolOutcome[]> {
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
    ...[1, 2, 3].flatMap((n): [string, [number, string], () => Promise<RawResponse>][] => [
      [`a 3 MB body with Content-Length (#${n})`, [413, 'RequestEntityTooLargeException'], () => call({ operation: 'CreateApplication', body: big })],
      [`a 3 MB chunked body (#${n})`, [413, 'RequestEntityTooLargeException'], () => sendSignedChunked(server, big)],
    ]),
    ['an unsigned request', [403, 'MissingAuthenticationTokenException'],
      () => postRaw(server.url, { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${TARGET_PREFIX}.ListApplications` }, '{}')],
  ];
  const results: ProtocolOutcome[] = [];
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
