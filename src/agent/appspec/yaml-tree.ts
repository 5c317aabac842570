import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Node } from 'yaml';
import { APPSPEC_MESSAGES } from './messages.ts';
import type { SourcePosition } from './types.ts';

/** A resolved scalar value: what Ruby's YAML 1.1 loader would hand the official agent. */
export type ScalarValue = null | boolean | number | string | Date;

/** A scalar with its raw source text, so callers can read `mode: 0755` as the string "0755". */
export interface YScalar {
  readonly kind: 'scalar';
  readonly value: ScalarValue;
  /** The text as written (without quotes for quoted scalars). */
  readonly source: string;
  /** True for unquoted, non-block scalars. */
  readonly plain: boolean;
  /** True when the value is a number written as a float (`0.0`, `1e3`), which Ruby prints as `0.0`. */
  readonly isFloat: boolean;
  readonly at: SourcePosition;
}

/** A YAML sequence. */
export interface YSeq {
  readonly kind: 'seq';
  readonly items: readonly YNode[];
  readonly at: SourcePosition;
}

/** A YAML mapping; keys are the keys' text. A repeated key keeps its last value, as in Ruby. */
export interface YMap {
  readonly kind: 'map';
  readonly entries: ReadonlyMap<string, YNode>;
  readonly at: SourcePosition;
}

/** One node of the appspec's YAML, detached from the yaml library's AST. */
export type YNode = YScalar | YSeq | YMap;

/** A problem found while reading YAML, before any appspec rule applies. */
export interface YamlProblem {
  readonly message: string;
  readonly at: SourcePosition;
}

/** The first YAML document of a text, or the problems that prevent reading it. */
export interface YamlLoad {
  /** Absent for an empty document (no content, `~`, or only comments). */
  readonly root?: YNode;
  readonly problems: readonly YamlProblem[];
}

const START: SourcePosition = { line: 1, col: 1 };
// YAML 1.1 makes y/Y/n/N booleans, but Ruby's loader keeps them as strings.
const RUBY_STRING_BOOLEANS = /^[yYnN]$/;
const FLOAT_SOURCE = /[.eE]|^[-+]?\.(?:inf|nan)$/i;

/**
 * Reads the first document of `text` with YAML 1.1 semantics (as Ruby's loader does: later
 * documents are ignored, repeated keys allowed). Aliases are refused with Ruby's
 * `Unknown alias: <name>` message because the official agent's loader refuses them.
 */
export function loadYaml(text: string): YamlLoad {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { version: '1.1', lineCounter, uniqueKeys: false, prettyErrors: false });
  const doc = Array.isArray(docs) ? docs[0] : undefined;
  if (!doc) return { problems: [] };
  if (doc.errors.length > 0) {
    return { problems: doc.errors.map((e) => syntaxProblem(e.message, lineCounter.linePos(e.pos[0]))) };
  }
  const problems: YamlProblem[] = [];
  const convert = new Converter(lineCounter, problems);
  const root = doc.contents ? convert.node(doc.contents as Node) : undefined;
  if (problems.length > 0) return { problems };
  if (!root || (root.kind === 'scalar' && (root.value === null || root.value === false))) {
    // Ruby's loader yields nil or false here, and the official agent calls that "empty".
    return { problems: [] };
  }
  return { root, problems: [] };
}

function syntaxProblem(message: string, at: SourcePosition): YamlProblem {
  const detail = message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '').trim();
  return { message: APPSPEC_MESSAGES.yamlSyntax(detail), at };
}

class Converter {
  readonly #lines: LineCounter;
  readonly #problems: YamlProblem[];

  constructor(lines: LineCounter, problems: YamlProblem[]) {
    this.#lines = lines;
    this.#problems = problems;
  }

  node(node: Node): YNode | undefined {
    const at = this.#positionOf(node);
    if (isAlias(node)) {
      this.#problems.push({ message: APPSPEC_MESSAGES.unknownAlias(node.source), at });
      return undefined;
    }
    if (isMap(node)) return this.#map(node.items, at);
    if (isSeq(node)) return this.#seq(node.items as Node[], at);
    if (isScalar(node)) return scalarOf(node, at);
    return undefined;
  }

  #map(pairs: readonly { key: unknown; value: unknown }[], at: SourcePosition): YMap {
    const entries = new Map<string, YNode>();
    for (const pair of pairs) {
      const key = pair.key === null ? undefined : this.node(pair.key as Node);
      const value = pair.value === null ? undefined : this.node(pair.value as Node);
      const keyText = key?.kind === 'scalar' ? String(key.value ?? '') : '';
      entries.delete(keyText);
      entries.set(keyText, value ?? nullAt(key?.at ?? at));
    }
    return { kind: 'map', entries, at };
  }

  #seq(items: readonly Node[], at: SourcePosition): YSeq {
    const nodes = items.map((item) => (item === null ? nullAt(at) : this.node(item) ?? nullAt(at)));
    return { kind: 'seq', items: nodes, at };
  }

  #positionOf(node: Node): SourcePosition {
    const offset = node.range?.[0];
    return offset === undefined ? START : this.#lines.linePos(offset);
  }
}

function scalarOf(node: { value: unknown; source?: string; type?: string | null }, at: SourcePosition): YScalar {
  const source = node.source ?? String(node.value ?? '');
  const plain = node.type === 'PLAIN' || node.type === undefined || node.type === null;
  let value = node.value as ScalarValue;
  if (plain && typeof value === 'boolean' && RUBY_STRING_BOOLEANS.test(source)) value = source;
  const isFloat = typeof value === 'number' && plain && FLOAT_SOURCE.test(source) && !/^[-+]?0x/i.test(source);
  return { kind: 'scalar', value, source, plain, isFloat, at };
}

function nullAt(at: SourcePosition): YScalar {
  return { kind: 'scalar', value: null, source: '', plain: true, isFloat: false, at };
}
