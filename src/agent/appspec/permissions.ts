import { parseAce } from './acl.ts';
import { APPSPEC_MESSAGES } from './messages.ts';
import { checkMode } from './mode.ts';
import type { ProblemSink } from './problems.ts';
import { rubyInspect, rubyStrip, rubyToS } from './ruby-values.ts';
import { parseRange } from './selinux-range.ts';
import { expectMap, expectSeq, field, isNil } from './shape.ts';
import type { AclEntry, AppSpecOs, PermissionObjectType, PermissionSpec, SelinuxContext } from './types.ts';
import type { YMap, YNode } from './yaml-tree.ts';

const ALL_TYPES: readonly PermissionObjectType[] = ['file', 'directory'];

/**
 * Parses the `permissions` section. Only the syntax is checked here; which objects an entry
 * reaches, and the file-only rules (pattern `**`, no except, no default ACL), are decided at
 * Install, where the official agent checks them.
 */
export function parsePermissions(node: YNode | undefined, os: AppSpecOs | undefined, sink: ProblemSink): PermissionSpec[] {
  if (isNil(node)) return [];
  const list = expectSeq(node, 'permissions', sink);
  const permissions: PermissionSpec[] = [];
  list?.items.forEach((item, i) => {
    const permission = parsePermission(item, `permissions[${i}]`, os, sink);
    if (permission) permissions.push(permission);
  });
  return permissions;
}

function parsePermission(node: YNode, path: string, os: AppSpecOs | undefined, sink: ProblemSink): PermissionSpec | undefined {
  const map = expectMap(node, path, sink);
  if (!map) return undefined;
  const objectNode = field(map, 'object');
  if (objectNode === undefined) return void sink.report(APPSPEC_MESSAGES.permissionWithoutObject(), map.at);
  if (os === 'windows') return void sink.report(APPSPEC_MESSAGES.permissionsOnWindows(), map.at);
  const object = rubyStrip(rubyToS(objectNode));
  if (object === '') return void sink.report(APPSPEC_MESSAGES.permissionWithoutObject(), objectNode.at);
  const optional = <T>(key: string, parse: (n: YNode) => T | undefined): T | undefined => {
    const value = field(map, key);
    return value === undefined ? undefined : parse(value);
  };
  return {
    object,
    pattern: patternOf(field(map, 'pattern')),
    except: optional('except', (n) => globList(n, `${path}.except`, sink)) ?? [],
    type: optional('type', (n) => typeList(n, `${path}.type`, sink)) ?? ALL_TYPES,
    ...definedOnly({
      owner: optional('owner', rubyToS),
      group: optional('group', rubyToS),
      mode: optional('mode', (n) => sink.take(checkMode(modeSource(n)), n.at)),
      acls: optional('acls', (n) => aclList(n, `${path}.acls`, sink)),
      context: optional('context', (n) => contextOf(n, `${path}.context`, sink)),
    }),
    at: map.at,
  };
}

function patternOf(node: YNode | undefined): string {
  return node === undefined ? '**' : rubyToS(node);
}

// Plain scalars are read as written, so `mode: 0755` is "0755" rather than YAML 1.1's 493.
function modeSource(node: YNode): string {
  return node.kind === 'scalar' && node.plain ? node.source : rubyToS(node);
}

function globList(node: YNode, path: string, sink: ProblemSink): string[] | undefined {
  return expectSeq(node, path, sink)?.items.map(rubyToS);
}

function typeList(node: YNode, path: string, sink: ProblemSink): PermissionObjectType[] | undefined {
  const list = expectSeq(node, path, sink);
  if (!list) return undefined;
  const types: PermissionObjectType[] = [];
  for (const item of list.items) {
    const text = rubyToS(item);
    if (text === 'file' || text === 'directory') types.push(text);
    else sink.report(APPSPEC_MESSAGES.unsupportedPermissionType(text), item.at);
  }
  return types;
}

function aclList(node: YNode, path: string, sink: ProblemSink): AclEntry[] | undefined {
  const list = expectSeq(node, path, sink);
  if (!list) return undefined;
  const entries: AclEntry[] = [];
  for (const item of list.items) {
    const entry = sink.take(parseAce(rubyToS(item)), item.at);
    if (entry) entries.push(entry);
  }
  return entries;
}

function contextOf(node: YNode, path: string, sink: ProblemSink): SelinuxContext | undefined {
  const map = expectMap(node, path, sink);
  if (!map) return undefined;
  const type = field(map, 'type');
  if (type === undefined) return void sink.report(APPSPEC_MESSAGES.contextWithoutType(rubyInspect(map)), map.at);
  const user = field(map, 'name');
  return { type: rubyToS(type), ...(user ? { user: rubyToS(user) } : {}), ...rangeOf(map, sink) };
}

function rangeOf(map: YMap, sink: ProblemSink): { range?: SelinuxContext['range'] } {
  const node = field(map, 'range');
  if (node === undefined) return {};
  const range = sink.take(parseRange(rubyToS(node)), node.at);
  return range ? { range } : {};
}

// Drops undefined members so that parsed entries compare cleanly and serialise without nulls.
function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
