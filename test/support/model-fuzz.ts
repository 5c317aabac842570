import { CODEDEPLOY_MODEL, shapeOf, type Shape } from '../../src/api/service-model.ts';

/**
 * Bad requests generated from the CodeDeploy model: for each operation, a base input (required
 * members, with realistic values from `hints`) and a list of cases that each break it in one
 * way. Everything here is pure; test/e2e/hostile-input.test.ts sends the cases.
 */

/** How a case breaks its request. */
export type FuzzKind =
  | 'missing-required' | 'null-required' | 'wrong-type' | 'huge-string' | 'unknown-member'
  | 'out-of-range' | 'control-characters' | 'hostile-name' | 'deep-nesting' | 'bad-body' | 'empty-body';

/** One request to send to one operation. */
export interface FuzzCase {
  operation: string;
  kind: FuzzKind;
  /** Where and how, e.g. `revision.s3Location.bucket as number`. */
  label: string;
  /** The raw request body (bytes when it must not be valid UTF-8). */
  body: string | Buffer;
  /**
   * For unknown members and harmless deep nesting: the body whose answer this one must equal,
   * because unknown members are ignored.
   */
  sameAnswerAs?: string;
}

/** Values for member names, so base inputs reach past "does not exist" checks where wanted. */
export type Hints = Record<string, unknown>;

type Json = unknown;
type Path = (string | number)[];

/** Depth to which optional members are filled in for the "full" sample. */
const FULL_DEPTH = 5;
/** A string far larger than any CodeDeploy member (100 kB). */
export const HUGE_STRING = 'a'.repeat(100_000);

/** A string with NUL and other control characters, which PostgreSQL text cannot even hold (NUL). */
export const CONTROL_STRING = 'fz\u0000nul\u0001\u001f\u007f\u0085\u2028end';

/**
 * Names no CodeDeploy name pattern accepts: non-ASCII, control characters, bidi overrides,
 * lone surrogates, path and SQL tricks, blank, too long.
 */
export const HOSTILE_NAMES: readonly string[] = [
  '名前', 'emoji-😀', 'nul-\u0000-byte', 'line\nbreak', 'tab\there', 'bell\u0007', '\u202egnp.exe', 'lone-\ud800',
  '../../etc/passwd', "x'); DROP TABLE applications;--", ' ', '', 'x'.repeat(101), 'percent-%00', 'slash/name',
];

/** Bodies that are not a JSON object. */
export const BAD_BODIES: readonly { label: string; body: string | Buffer }[] = [
  { label: 'truncated JSON', body: '{"applicationName": "x"' },
  { label: 'trailing comma', body: '{"applicationName": "x",}' },
  { label: 'single quotes', body: "{'applicationName': 'x'}" },
  { label: 'bare word', body: 'nul' },
  { label: 'byte-order mark then {}', body: '\ufeff{}' },
  { label: 'invalid UTF-8', body: Buffer.concat([Buffer.from('{"applicationName": "'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]) },
  { label: 'JSON array', body: '[]' },
  { label: 'JSON array of an object', body: '[{}]' },
  { label: 'JSON number', body: '42' },
  { label: 'JSON string', body: '"CreateApplication"' },
  { label: 'JSON true', body: 'true' },
  { label: 'JSON null', body: 'null' },
];

/** Every operation of the model, by name. */
export function operationNames(): string[] {
  return Object.keys(CODEDEPLOY_MODEL.operations).sort();
}

/** The input shape of an operation. */
export function inputShape(operation: string): Shape {
  return shapeOf(CODEDEPLOY_MODEL.operations[operation]!.input!.shape);
}

/** A type-valid value of a shape. `full` fills optional members too, down to FULL_DEPTH. */
export function sampleOf(shapeName: string, options: { full: boolean; hints: Hints; member?: string; depth?: number }): Json {
  const depth = options.depth ?? 0;
  if (options.member && Object.hasOwn(options.hints, options.member)) return structuredClone(options.hints[options.member]);
  const shape = shapeOf(shapeName);
  switch (shape.type) {
    case 'structure':
      return sampleStructure(shape, options.full && depth < FULL_DEPTH, options.hints, depth);
    case 'list':
      return Array.from({ length: Math.max(1, shape.min ?? 1) },
        () => sampleOf(shape.member!.shape, { ...options, member: undefined, depth: depth + 1 }));
    case 'map': {
      const key = sampleOf(shape.key!.shape, { ...options, member: undefined }) as string;
      return { [key]: sampleOf(shape.value!.shape, { ...options, member: undefined, depth: depth + 1 }) };
    }
    case 'string':
      return shape.enum ? shape.enum[0] : 'fz'.padEnd(Math.max(shape.min ?? 1, 2), 'z');
    case 'integer':
    case 'long':
      return Math.max(shape.min ?? 1, 1);
    case 'double':
      return 1.5;
    case 'boolean':
      return true;
    case 'timestamp':
      return 1_700_000_000;
    default:
      return 'fz';
  }
}

function sampleStructure(shape: Shape, full: boolean, hints: Hints, depth: number): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [name, member] of Object.entries(shape.members ?? {})) {
    const wanted = full || (shape.required ?? []).includes(name) || (depth === 0 && Object.hasOwn(hints, name));
    if (wanted) out[name] = sampleOf(member.shape, { full, hints, member: name, depth: depth + 1 });
  }
  return out;
}

/** The required-members input of an operation, with hinted values where the hints name a member. */
export function baseInput(operation: string, hints: Hints): Record<string, Json> {
  return sampleOf(CODEDEPLOY_MODEL.operations[operation]!.input!.shape, { full: false, hints }) as Record<string, Json>;
}

/** Every case for one operation: per member path, then for the body as a whole. */
export function fuzzCases(operation: string, hints: Hints): FuzzCase[] {
  const shapeName = CODEDEPLOY_MODEL.operations[operation]!.input!.shape;
  const at: CaseContext = {
    operation, shapeName,
    base: baseInput(operation, hints),
    // Names and ids from the hints, but structures (revisions) sampled in full, so that every
    // nested member of them is broken in turn.
    full: sampleOf(shapeName, { full: true, hints: nameHints(hints) }) as Record<string, Json>,
  };
  return [...memberPaths(shapeName, at.full).flatMap(({ path, shape }) => memberCases(at, path, shape)), ...bodyCases(at)];
}

function nameHints(hints: Hints): Hints {
  const isName = (v: unknown) => typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
  return Object.fromEntries(Object.entries(hints).filter(([, v]) => isName(v)));
}

/** What the case builders share: the operation, its input shape, and its two samples. */
interface CaseContext {
  operation: string;
  shapeName: string;
  /** Required members only (with hints). */
  base: Record<string, Json>;
  /** Every member filled in, to FULL_DEPTH. */
  full: Record<string, Json>;
}

function caseOf(at: CaseContext, kind: FuzzKind, label: string, body: Json, sameAnswerAs?: Json): FuzzCase {
  return { operation: at.operation, kind, label, body: JSON.stringify(body),
    sameAnswerAs: sameAnswerAs === undefined ? undefined : JSON.stringify(sameAnswerAs) };
}

/** The cases that break one member: absence, wrong types, sizes, characters, hostile names, unknown members. */
function memberCases(at: CaseContext, path: Path, shape: Shape): FuzzCase[] {
  const where = path.join('.');
  const cases: FuzzCase[] = [];
  if (path.length === 1 && (shapeOf(at.shapeName).required ?? []).includes(String(path[0]))) {
    cases.push(caseOf(at, 'missing-required', `${where} missing`, without(at.base, path)));
    cases.push(caseOf(at, 'null-required', `${where} null`, withValue(at.base, path, null)));
  } else if (isRequiredIn(at.shapeName, at.full, path)) {
    cases.push(caseOf(at, 'missing-required', `${where} missing`, without(at.full, path)));
  }
  for (const [label, value] of wrongTypes(shape)) cases.push(caseOf(at, 'wrong-type', `${where} as ${label}`, withValue(at.full, path, value)));
  if (shape.type === 'string') {
    cases.push(caseOf(at, 'huge-string', `${where} of 100 kB`, withValue(at.full, path, HUGE_STRING)));
    cases.push(caseOf(at, 'control-characters', `${where} with NUL and control characters`, withValue(at.full, path, CONTROL_STRING)));
  }
  if (shape.type === 'integer' || shape.type === 'long') {
    for (const n of [1e300, -1e300, 2 ** 53, -1]) cases.push(caseOf(at, 'out-of-range', `${where} = ${n}`, withValue(at.full, path, n)));
  }
  if (path.length === 1 && isNameMember(String(path[0]), shape)) {
    for (const name of HOSTILE_NAMES) {
      const value = shape.type === 'list' ? [name] : name;
      cases.push(caseOf(at, 'hostile-name', `${where} = ${JSON.stringify(name).slice(0, 40)}`, withValue(at.base, path, value)));
    }
  }
  if (shape.type === 'structure') {
    const inside = { ...(getAt(at.full, path) as object), fzUnknown: [1, { a: null }] };
    cases.push(caseOf(at, 'unknown-member', `unknown member inside ${where}`, withValue(at.full, path, inside), at.full));
  }
  return cases;
}

/** The cases about the body as a whole: unknown and prototype members, deep nesting, non-objects, nothing. */
function bodyCases(at: CaseContext): FuzzCase[] {
  const { operation, base, full } = at;
  const rest = JSON.stringify(base).slice(1);
  const cases: FuzzCase[] = [
    caseOf(at, 'unknown-member', 'unknown top-level members', { ...base, fzUnknown: { deep: [1, 'x', null] }, FZ: true }, base),
    { operation, kind: 'unknown-member', label: '__proto__ and constructor members', sameAnswerAs: JSON.stringify(base),
      body: `{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},${rest}`.replace(/,}$/, '}') },
    { operation, kind: 'deep-nesting', label: 'an unknown member nested 20,000 levels deep', body: deepUnknown(base), sameAnswerAs: JSON.stringify(base) },
  ];
  const nestable = memberPaths(at.shapeName, full).find((p) => p.shape.type === 'list' || p.shape.type === 'structure');
  if (nestable) {
    cases.push({ operation, kind: 'deep-nesting', label: `${nestable.path.join('.')} nested 20,000 levels deep`, body: deepAt(full, nestable.path) });
  }
  for (const bad of BAD_BODIES) cases.push({ operation, kind: 'bad-body', label: bad.label, body: bad.body });
  cases.push({ operation, kind: 'empty-body', label: 'empty body', body: '' });
  return cases;
}

/** Every member path of a sample, with its shape: the walk a validator must make. */
export function memberPaths(shapeName: string, sample: Json, prefix: Path = []): { path: Path; shape: Shape }[] {
  const shape = shapeOf(shapeName);
  const out: { path: Path; shape: Shape }[] = [];
  if (shape.type === 'structure' && isObject(sample)) {
    for (const [name, member] of Object.entries(shape.members ?? {})) {
      if (!(name in sample)) continue;
      out.push({ path: [...prefix, name], shape: shapeOf(member.shape) });
      out.push(...memberPaths(member.shape, sample[name], [...prefix, name]));
    }
  } else if (shape.type === 'list' && Array.isArray(sample) && sample.length > 0) {
    out.push({ path: [...prefix, 0], shape: shapeOf(shape.member!.shape) });
    out.push(...memberPaths(shape.member!.shape, sample[0], [...prefix, 0]));
  } else if (shape.type === 'map' && isObject(sample)) {
    for (const key of Object.keys(sample)) {
      out.push({ path: [...prefix, key], shape: shapeOf(shape.value!.shape) });
      out.push(...memberPaths(shape.value!.shape, sample[key], [...prefix, key]));
    }
  }
  return out;
}

function isRequiredIn(shapeName: string, sample: Json, path: Path): boolean {
  let shape = shapeOf(shapeName);
  for (let i = 0; i < path.length - 1; i++) {
    const step = path[i]!;
    if (shape.type === 'structure') shape = shapeOf(shape.members![String(step)]!.shape);
    else if (shape.type === 'list') shape = shapeOf(shape.member!.shape);
    else if (shape.type === 'map') shape = shapeOf(shape.value!.shape);
  }
  return shape.type === 'structure' && (shape.required ?? []).includes(String(path[path.length - 1])) && getAt(sample, path) !== undefined;
}

/** JSON values of the wrong type for a shape, labelled. */
export function wrongTypes(shape: Shape): [string, Json][] {
  const all: [string, Json][] = [['string', 'fz'], ['number', 42], ['boolean', true], ['object', { a: 1 }], ['array', ['fz']]];
  const right: Record<string, string[]> = {
    structure: ['object'], map: ['object'], list: ['array'], string: ['string'], boolean: ['boolean'],
    integer: ['number'], long: ['number'], double: ['number'], timestamp: ['number'],
  };
  const ok = right[shape.type] ?? [];
  const wrong = all.filter(([label]) => !ok.includes(label));
  if (shape.type === 'timestamp') return wrong.map(([l, v]) => (l === 'string' ? ['non-date string', 'not-a-date'] : [l, v]));
  if (shape.type === 'integer' || shape.type === 'long') wrong.push(['fraction', 1.5]);
  return wrong;
}

function isNameMember(name: string, shape: Shape): boolean {
  const stringy = shape.type === 'string' && !shape.enum;
  const listOfStrings = shape.type === 'list' && shapeOf(shape.member!.shape).type === 'string';
  return (/Names?$/.test(name) && (stringy || listOfStrings)) || name === 'targetId' || name === 'instanceId';
}

function deepUnknown(base: Record<string, Json>): string {
  const depth = 20_000;
  return `{"fzDeep":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)},${JSON.stringify(base).slice(1)}`.replace(/,}$/, '}');
}

function deepAt(sample: Json, path: Path): string {
  const marker = '"__FZ_DEEP__"';
  const depth = 20_000;
  const text = JSON.stringify(withValue(sample, path, '__FZ_DEEP__'));
  return text.replace(marker, `${'['.repeat(depth)}1${']'.repeat(depth)}`);
}

function isObject(v: Json): v is Record<string, Json> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function getAt(value: Json, path: Path): Json {
  return path.reduce<Json>((v, k) => (v as Record<string | number, Json> | undefined)?.[k], value);
}

/** A copy of `value` with `path` set to `leaf`. */
export function withValue(value: Json, path: Path, leaf: Json): Json {
  if (path.length === 0) return leaf;
  const [head, ...rest] = path;
  const copy: any = Array.isArray(value) ? [...value] : { ...(value as object) };
  copy[head!] = withValue(copy[head!], rest, leaf);
  return copy;
}

/** A copy of `value` without the member at `path`. */
export function without(value: Json, path: Path): Json {
  if (path.length === 1) {
    const copy: any = Array.isArray(value) ? [...value] : { ...(value as object) };
    delete copy[path[0]!];
    return copy;
  }
  const [head, ...rest] = path;
  const copy: any = Array.isArray(value) ? [...value] : { ...(value as object) };
  copy[head!] = without(copy[head!], rest);
  return copy;
}
