import type { PermissionSpec } from './types.ts';

/**
 * Whether a permission entry reaches `path`, an absolute, normalised path that this deployment
 * creates: it must lie strictly under the entry's object, match its pattern and no `except`
 * glob. `**` matches at any depth; any other pattern is a simple glob (only `*` is special, and
 * it matches dots too) over direct children only, as in the official agent.
 */
export function permissionReaches(permission: PermissionSpec, objectPath: string, path: string): boolean {
  const base = objectPath.endsWith('/') ? objectPath : `${objectPath}/`;
  const name = path.endsWith('/') ? path.slice(0, -1) : path;
  if (!name.startsWith(base)) return false;
  const relative = name.slice(base.length);
  const matched = permission.pattern === '**' || matchesSimpleGlob(relative, permission.pattern);
  return matched && !permission.except.some((glob) => matchesSimpleGlob(relative, glob));
}

/** The agent's simple glob: `*` matches any run of characters; nothing matches across a `/`. */
export function matchesSimpleGlob(name: string, pattern: string): boolean {
  if (name.includes('/')) return false;
  const source = pattern.split('*').map(escapeRegExp).join('.*');
  return new RegExp(`^${source}$`, 's').test(name);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
