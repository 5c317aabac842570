import { APPSPEC_MESSAGES } from './messages.ts';
import type { ProblemSink } from './problems.ts';
import { rubyStrip, rubyToI, rubyToS } from './ruby-values.ts';
import { expectMap, expectSeq, field, isNil } from './shape.ts';
import type { HookScript } from './types.ts';
import type { YNode } from './yaml-tree.ts';

/** A script's timeout when the appspec gives none: one hour. */
export const DEFAULT_SCRIPT_TIMEOUT_SECONDS = 3600;

/**
 * Parses the `hooks` section: a mapping of event name to a list of scripts. Unknown event names
 * are kept (the daemon ignores them; `codedeploy-local` style custom events use them). A null or
 * empty list is a hook with no scripts.
 */
export function parseHooks(node: YNode | undefined, sink: ProblemSink): Map<string, HookScript[]> {
  const hooks = new Map<string, HookScript[]>();
  if (isNil(node)) return hooks;
  const map = expectMap(node, 'hooks', sink);
  for (const [event, scriptsNode] of map?.entries ?? []) {
    hooks.set(event, parseScripts(scriptsNode, `hooks.${event}`, sink));
  }
  return hooks;
}

function parseScripts(node: YNode, path: string, sink: ProblemSink): HookScript[] {
  if (isNil(node)) return [];
  const list = expectSeq(node, path, sink);
  const scripts: HookScript[] = [];
  list?.items.forEach((item, i) => {
    const script = parseScript(item, `${path}[${i}]`, sink);
    if (script) scripts.push(script);
  });
  return scripts;
}

function parseScript(node: YNode, path: string, sink: ProblemSink): HookScript | undefined {
  const map = expectMap(node, path, sink);
  if (!map) return undefined;
  const locationNode = field(map, 'location');
  const location = rubyStrip(rubyToS(locationNode));
  if (location === '') {
    sink.report(APPSPEC_MESSAGES.scriptWithoutLocation(), locationNode?.at ?? map.at);
    return undefined;
  }
  const runasNode = field(map, 'runas');
  const timeoutSeconds = parseTimeout(map.entries.get('timeout'), sink);
  if (timeoutSeconds === undefined) return undefined;
  return {
    location,
    ...(runasNode ? { runas: rubyStrip(rubyToS(runasNode)) } : {}),
    sudo: isRubyTruthy(map.entries.get('sudo')),
    timeoutSeconds,
    at: map.at,
  };
}

// `timeout || 3600`, then Ruby's lenient to_i ("90s" is 90, "abc" is 0); at most 0 is refused.
function parseTimeout(node: YNode | undefined, sink: ProblemSink): number | undefined {
  if (!isRubyTruthy(node)) return DEFAULT_SCRIPT_TIMEOUT_SECONDS;
  const seconds = rubyToI(node!);
  if (seconds === undefined || seconds <= 0) {
    sink.report(APPSPEC_MESSAGES.invalidTimeout(), node!.at);
    return undefined;
  }
  return seconds;
}

function isRubyTruthy(node: YNode | undefined): boolean {
  return !isNil(node) && !(node!.kind === 'scalar' && node!.value === false);
}
