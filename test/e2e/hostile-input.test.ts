import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { CODEDEPLOY_MODEL } from '../../src/api/service-model.ts';
import { DIALECTS } from '../support/dialects.ts';
import { referenceKey, runFuzz, type FuzzRun, type Outcome, type ProtocolOutcome } from '../support/fuzz-run.ts';
import { inputShape, type FuzzCase } from '../support/model-fuzz.ts';
import type { RawResponse } from '../support/raw-request.ts';

// Bad requests generated from the model for all 47 operations, sent signed to a real server
// process: missing and null required members, every member as every wrong JSON type, 100 kB
// strings, control characters, unknown members, hostile names, deep nesting, bodies that are
// not a JSON object, protocol abuse and 3 MB bodies. The server must never answer 5xx, must
// answer every error as AWS does ({__type, message} plus X-Amzn-ErrorType), and must leave no
// trace of any refused call. The whole run is on SQLite; the string cases, where the two
// databases differ most (PostgreSQL text cannot hold NUL), run on PostgreSQL as well.

const PROTOCOL_ERRORS = new Set(['SerializationException', 'ValidationException', 'UnknownOperationException',
  'MissingAuthenticationTokenException', 'IncompleteSignatureException', 'InvalidSignatureException',
  'UnrecognizedClientException', 'AccessDeniedException', 'RequestEntityTooLargeException']);

describe('hostile input generated from the model, against a cutover server on sqlite', { timeout: 300_000 }, () => {
  let run: FuzzRun;
  before(async () => {
    run = await runFuzz({ dialect: 'sqlite' });
  });

  it('set up its baseline resources with valid calls', () => {
    assert.deepEqual(run.baseline.problems, []);
  });

  it('sent thousands of cases covering every operation within the time budget', () => {
    const ops = new Set(run.outcomes.map((o) => o.fuzz.operation));
    assert.equal(ops.size, 47);
    assert.ok(run.outcomes.length > 2000, `only ${run.outcomes.length} cases`);
    assert.ok(run.elapsedMs < 60_000, `the run took ${run.elapsedMs} ms`);
  });

  it('never answers with a 5xx, and answers every case', () => {
    const bad = run.outcomes.filter((o) => o.response.status >= 500 || o.response.status === 0).map(describeOutcome);
    assert.deepEqual(bad.slice(0, 30), [], `${bad.length} case(s) answered 5xx or not at all`);
  });

  it('answers every error as JSON {__type, message} with a matching X-Amzn-ErrorType header', () => {
    const bad = [...run.outcomes.map((o) => [describeOutcome(o), o.response] as const), ...protocolResponses(run.protocol)]
      .filter(([, r]) => r.status >= 300 && errorShapeProblem(r) !== undefined)
      .map(([label, r]) => `${label}: ${errorShapeProblem(r)}`);
    assert.deepEqual(bad.slice(0, 30), [], `${bad.length} malformed error(s)`);
  });

  it('sends the AWS JSON 1.1 content type and a request id with every answer, success or error', () => {
    const bad = run.outcomes.filter((o) => !String(o.response.headers['content-type']).startsWith('application/x-amz-json-1.1')
      || !o.response.headers['x-amzn-requestid']).map(describeOutcome);
    assert.deepEqual(bad.slice(0, 30), [], `${bad.length} answer(s) without the headers`);
  });

  it('names only errors that the model lists for the operation, or protocol errors', () => {
    const bad = run.outcomes.filter((o) => {
      const type = o.response.json?.__type;
      return o.response.status >= 300 && typeof type === 'string' && !PROTOCOL_ERRORS.has(type) && !modelErrors(o.fuzz.operation).has(type);
    }).map(describeOutcome);
    assert.deepEqual(unique(bad).slice(0, 30), [], `${bad.length} error(s) outside the operation's model`);
  });

  it('refuses a missing or null required member', () => {
    const bad = ofKind(run.outcomes, 'missing-required', 'null-required').filter((o) => o.response.status !== 400).map(describeOutcome);
    assert.deepEqual(bad.slice(0, 30), [], `${bad.length} case(s) not refused with 400`);
  });

  it('refuses a member of the wrong JSON type with SerializationException', () => {
    const bad = ofKind(run.outcomes, 'wrong-type').filter((o) => o.response.status !== 400 || o.response.json?.__type !== 'SerializationException')
      .map(describeOutcome);
    assert.deepEqual(bad.slice(0, 30), [], `${bad.length} case(s) not refused with SerializationException`);
  });

  it('ignores unknown members, even nested 20,000 levels deep, answering as without them', () => {
    const bad = run.outcomes.filter((o) => o.fuzz.sameAnswerAs !== undefined).filter((o) => {
      const ref = run.references.get(referenceKey(o.fuzz))!;
      return ref.status !== o.response.status || ref.json?.__type !== o.response.json?.__type;
    }).map((o) => `${describeOutcome(o)} vs ${answerOf(run.references.get(referenceKey(o.fuzz))!)}`);
    assert.deepEqual(bad.slice(0, 30), [], `${bad.length} case(s) changed by unknown members`);
  });

  it('refuses deeply nested values and bodies that are not a JSON object with SerializationException', () => {
    const bad = [...ofKind(run.outcomes, 'bad-body'), ...ofKind(run.outcomes, 'deep-nesting').filter((o) => o.fuzz.sameAnswerAs === undefined)]
      .filter((o) => o.response.status !== 400 || o.response.json?.__type !== 'SerializationException').map(describeOutcome);
    assert.deepEqual(bad.slice(0, 30), [], `${bad.length} case(s) not refused with SerializationException`);
  });

  it('refuses integers outside their range without a 5xx, and never stores them', () => {
    const bad = ofKind(run.outcomes, 'out-of-range').filter((o) => o.response.status === 200 && /^(Create|Update)/.test(o.fuzz.operation))
      .map(describeOutcome);
    assert.deepEqual(bad.slice(0, 30), [], `${bad.length} out-of-range number(s) accepted`);
  });

  it('refuses a NUL character in any string member, as PostgreSQL could not store it', () => {
    const bad = ofKind(run.outcomes, 'control-characters').filter((o) => o.response.status !== 400).map(describeOutcome);
    assert.deepEqual(bad.slice(0, 30), [], `${bad.length} NUL string(s) not refused`);
  });

  it('treats an empty body as {}: refused where members are required, never a 5xx', () => {
    const bad = ofKind(run.outcomes, 'empty-body')
      .filter((o) => (inputShape(o.fuzz.operation).required ?? []).length > 0 && o.response.status !== 400).map(describeOutcome);
    assert.deepEqual(bad, []);
  });

  it('refuses unicode, control characters and other hostile names', () => {
    const bad = ofKind(run.outcomes, 'hostile-name')
      .filter((o) => o.response.status === 200 && !/^(Delete|Deregister)/.test(o.fuzz.operation)).map(describeOutcome);
    assert.deepEqual(bad.slice(0, 30), [], `${bad.length} hostile name(s) accepted`);
  });

  it('answers protocol abuse (no or unknown target, wrong method or path, 3 MB bodies) with the AWS error', () => {
    const bad = run.protocol.filter(({ expect, response }) => response instanceof Error
      || response.status !== expect[0] || response.json?.__type !== expect[1])
      .map(({ label, expect, response }) => `${label}: expected ${expect.join(' ')}, got ${response instanceof Error ? response.message : answerOf(response)}`);
    assert.deepEqual(bad, []);
  });

  it('leaves nothing half-written: the state equals what the valid calls created', () => {
    assert.equal(run.stateAfter, run.stateBefore);
  });

  it('handles all 47 operations: none answers "is not implemented"', () => {
    const stubs = unique(run.outcomes.filter((o) => /is not implemented/.test(o.response.json?.message ?? '')).map((o) => o.fuzz.operation));
    assert.deepEqual(stubs, []);
  });
});

if (DIALECTS.includes('postgres')) {
  describe('hostile strings and names against a cutover server on postgres', { timeout: 300_000 }, () => {
    let run: FuzzRun;
    before(async () => {
      run = await runFuzz({ dialect: 'postgres', kinds: ['hostile-name', 'control-characters', 'huge-string'], protocolAbuse: false });
    });

    it('never answers with a 5xx, and answers every case', () => {
      const bad = run.outcomes.filter((o) => o.response.status >= 500 || o.response.status === 0).map(describeOutcome);
      assert.deepEqual(bad.slice(0, 30), [], `${bad.length} case(s) answered 5xx or not at all`);
    });

    it('answers every error as JSON {__type, message} with a matching X-Amzn-ErrorType header', () => {
      const bad = run.outcomes.filter((o) => o.response.status >= 300 && errorShapeProblem(o.response) !== undefined)
        .map((o) => `${describeOutcome(o)}: ${errorShapeProblem(o.response)}`);
      assert.deepEqual(bad.slice(0, 30), [], `${bad.length} malformed error(s)`);
    });

    it('refuses unicode, control characters and other hostile names', () => {
      const bad = ofKind(run.outcomes, 'hostile-name')
        .filter((o) => o.response.status === 200 && !/^(Delete|Deregister)/.test(o.fuzz.operation)).map(describeOutcome);
      assert.deepEqual(bad.slice(0, 30), [], `${bad.length} hostile name(s) accepted`);
    });

    it('leaves nothing half-written: the state equals what the valid calls created', () => {
      assert.deepEqual(run.baseline.problems, []);
      assert.equal(run.stateAfter, run.stateBefore);
    });
  });
}

function protocolResponses(protocol: ProtocolOutcome[]): (readonly [string, RawResponse])[] {
  return protocol.filter((p): p is ProtocolOutcome & { response: RawResponse } => !(p.response instanceof Error))
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
