import { APPSPEC_MESSAGES } from './messages.ts';
import type { ProblemSink } from './problems.ts';
import type { YMap, YNode, YSeq } from './yaml-tree.ts';

/** True for an absent value or YAML null: Ruby's nil, which the official agent treats alike. */
export function isNil(node: YNode | undefined): node is undefined {
  return node === undefined || (node.kind === 'scalar' && node.value === null);
}

/** The value under `key` in a mapping, undefined when the key is missing or null. */
export function field(map: YMap, key: string): YNode | undefined {
  const node = map.entries.get(key);
  return isNil(node) ? undefined : node;
}

/** The node as a list, or undefined after reporting that `path` must be one. */
export function expectSeq(node: YNode, path: string, sink: ProblemSink): YSeq | undefined {
  if (node.kind === 'seq') return node;
  sink.report(APPSPEC_MESSAGES.wrongShape(path, 'a list', describeNode(node)), node.at);
  return undefined;
}

/** The node as a mapping, or undefined after reporting that `path` must be one. */
export function expectMap(node: YNode, path: string, sink: ProblemSink): YMap | undefined {
  if (node.kind === 'map') return node;
  sink.report(APPSPEC_MESSAGES.wrongShape(path, 'a mapping', describeNode(node)), node.at);
  return undefined;
}

/** A short description of what a node is, for messages ("a list", "the string \"x\""). */
export function describeNode(node: YNode): string {
  if (node.kind === 'seq') return 'a list';
  if (node.kind === 'map') return 'a mapping';
  const { value } = node;
  if (value === null) return 'empty';
  if (typeof value === 'string') return `the string "${value}"`;
  if (typeof value === 'number') return `the number ${node.source}`;
  if (typeof value === 'boolean') return `the boolean ${node.source}`;
  return `the date ${node.source}`;
}
