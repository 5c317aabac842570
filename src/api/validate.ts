import { AwsError } from './errors.ts';
import { errorForPath } from './error-for-path.ts';
import { shapeOf, type Shape } from './service-model.ts';

/** Deepest nesting accepted in a request; the model's deepest input is far shallower. */
const MAX_DEPTH = 16;

type Json = unknown;

interface Walk {
  operation: string;
  path: string[];
}

/**
 * Checks a decoded JSON request body against the operation's input shape in the model and
 * returns a clean copy: unknown members dropped (as AWS ignores them), `null` treated as
 * absent, timestamps turned into `Date`. Throws the AwsError AWS uses for the offending path.
 */
export function validateInput(operation: string, inputShape: string | undefined, body: Json): Record<string, unknown> {
  if (!inputShape) return {};
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new AwsError('SerializationException', 'The request body must be a JSON object');
  }
  return walkStructure(shapeOf(inputShape), body as Record<string, Json>, { operation, path: [] });
}

function walk(shapeName: string, value: Json, at: Walk): unknown {
  if (at.path.length > MAX_DEPTH) fail(at, 'invalid', 'is nested too deeply', 'SerializationException');
  const shape = shapeOf(shapeName);
  switch (shape.type) {
    case 'structure':
      if (!isPlainObject(value)) typeMismatch(at, 'a structure');
      return walkStructure(shape, value as Record<string, Json>, at);
    case 'list':
      if (!Array.isArray(value)) typeMismatch(at, 'a list');
      checkCount(shape, (value as Json[]).length, at);
      return (value as Json[]).map((v, i) => walk(shape.member!.shape, v, child(at, String(i))));
    case 'map':
      return walkMap(shape, value, at);
    case 'string':
      return checkString(shape, value, at);
    case 'integer':
    case 'long':
      return checkInteger(shape, value, at);
    case 'double':
      if (typeof value !== 'number' || !Number.isFinite(value)) typeMismatch(at, 'a number');
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') typeMismatch(at, 'a boolean');
      return value;
    case 'timestamp':
      return checkTimestamp(value, at);
    default:
      return value;
  }
}

function walkStructure(shape: Shape, value: Record<string, Json>, at: Walk): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(shape.members ?? {})) {
    const v = value[name];
    if (v === undefined || v === null) continue;
    out[name] = walk(member.shape, v, child(at, name));
  }
  for (const name of shape.required ?? []) {
    if (out[name] === undefined) fail(child(at, name), 'required', 'is required');
  }
  return out;
}

function walkMap(shape: Shape, value: Json, at: Walk): Record<string, unknown> {
  if (!isPlainObject(value)) typeMismatch(at, 'a map');
  const entries = Object.entries(value as Record<string, Json>);
  checkCount(shape, entries.length, at);
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) {
    checkString(shapeOf(shape.key!.shape), k, child(at, k));
    out[k] = walk(shape.value!.shape, v, child(at, k));
  }
  return out;
}

function checkString(shape: Shape, value: Json, at: Walk): string {
  if (typeof value !== 'string') typeMismatch(at, 'a string');
  const s = value as string;
  if (shape.enum && !shape.enum.includes(s)) {
    fail(at, 'invalid', `must be one of ${shape.enum.join(', ')}`);
  }
  // PostgreSQL text cannot hold U+0000 at all, so a NUL would be a 500 on one database and a
  // silently different string on the other; no CodeDeploy value needs one.
  if (s.includes('\u0000')) fail(at, 'invalid', 'must not contain the NUL character (U+0000)');
  const length = [...s].length;
  if (shape.min !== undefined && length < shape.min) fail(at, 'invalid', `must have length at least ${shape.min}`);
  if (shape.max !== undefined && length > shape.max) fail(at, 'invalid', `must have length at most ${shape.max}`);
  return s;
}

function checkInteger(shape: Shape, value: Json, at: Walk): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) typeMismatch(at, 'an integer');
  const n = value as number;
  const [lo, hi] = shape.type === 'integer' ? [-(2 ** 31), 2 ** 31 - 1] : [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];
  if (n < (shape.min ?? lo) || n > (shape.max ?? hi)) fail(at, 'invalid', 'is out of range');
  return n;
}

function checkTimestamp(value: Json, at: Walk): Date {
  // AWS JSON 1.1 sends epoch seconds; ISO strings are accepted too since some tools send them.
  const ms = typeof value === 'number' ? value * 1000 : typeof value === 'string' ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms)) typeMismatch(at, 'a timestamp');
  return new Date(ms);
}

function checkCount(shape: Shape, count: number, at: Walk): void {
  if (shape.min !== undefined && count < shape.min) fail(at, 'invalid', `must have at least ${shape.min} entries`);
  if (shape.max !== undefined && count > shape.max) fail(at, 'invalid', `must have at most ${shape.max} entries`);
}

function isPlainObject(value: Json): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function child(at: Walk, name: string): Walk {
  return { operation: at.operation, path: [...at.path, name] };
}

function typeMismatch(at: Walk, expected: string): never {
  fail(at, 'invalid', `must be ${expected}`, 'SerializationException');
}

function fail(at: Walk, violation: 'required' | 'invalid', reason: string, forced?: 'SerializationException'): never {
  const where = at.path.join('.') || 'input';
  const type = forced ?? errorForPath(at.operation, at.path, violation);
  throw new AwsError(type, `${where} ${reason}`);
}
