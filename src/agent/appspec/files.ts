import { APPSPEC_MESSAGES } from './messages.ts';
import type { ProblemSink } from './problems.ts';
import { rubyToS } from './ruby-values.ts';
import { expectMap, expectSeq, field, isNil } from './shape.ts';
import type { FileMapping } from './types.ts';
import type { YNode } from './yaml-tree.ts';

/** Parses the `files` section: a list of `{source, destination}` mappings, both required. */
export function parseFiles(node: YNode | undefined, sink: ProblemSink): FileMapping[] {
  if (isNil(node)) return [];
  const list = expectSeq(node, 'files', sink);
  const files: FileMapping[] = [];
  list?.items.forEach((item, i) => {
    const mapping = parseMapping(item, `files[${i}]`, sink);
    if (mapping) files.push(mapping);
  });
  return files;
}

function parseMapping(node: YNode, path: string, sink: ProblemSink): FileMapping | undefined {
  const map = expectMap(node, path, sink);
  if (!map) return undefined;
  const source = field(map, 'source');
  const destination = field(map, 'destination');
  if (source === undefined) {
    sink.report(APPSPEC_MESSAGES.fileWithoutSource(), map.at);
    return undefined;
  }
  if (destination === undefined) {
    sink.report(APPSPEC_MESSAGES.fileWithoutDestination(rubyToS(source)), map.at);
    return undefined;
  }
  return { source: rubyToS(source), destination: rubyToS(destination), at: map.at };
}
