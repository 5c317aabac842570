import { APPSPEC_MESSAGES } from './messages.ts';
import { fail, ok, type Checked } from './problems.ts';
import type { AclEntry } from './types.ts';

type AceType = AclEntry['type'];

const TAGS: Readonly<Record<string, AceType>> = {
  u: 'user', user: 'user', g: 'group', group: 'group', m: 'mask', mask: 'mask', o: 'other', other: 'other',
};
const DEFAULT_TAGS = new Set(['d', 'default']);

/**
 * Parses one appspec ACL entry, `[d[efault]:][u[ser]|g[roup]|m[ask]|o[ther]]:[name]:perms` with
 * perms `rwx-` letters or a single octal digit. A missing tag means `user`. Base entries (user,
 * group or other without a name) are refused because `mode` sets those.
 */
export function parseAce(text: string): Checked<AclEntry> {
  const entry = parseAceFields(text);
  return entry ?? fail(APPSPEC_MESSAGES.invalidAcl(text));
}

/** `[default:]type:name:rwx`, the form `setfacl` takes and install.json records. */
export function formatAce(entry: AclEntry): string {
  const perms = `${entry.read ? 'r' : '-'}${entry.write ? 'w' : '-'}${entry.execute ? 'x' : '-'}`;
  return `${entry.isDefault ? 'default:' : ''}${entry.type}:${entry.name}:${perms}`;
}

/**
 * The complete ACL that `setfacl --set` needs for the appspec's entries on an object whose
 * permission bits are `mode`: the base entries from the mode, a mask when named entries need
 * one, and the default base entries when any default entry is given.
 */
export function fullAcl(entries: readonly AclEntry[], mode: number): AclEntry[] {
  const [user, group, other] = [(mode >> 6) & 7, (mode >> 3) & 7, mode & 7];
  const added: AclEntry[] = [base(false, 'user', user), base(false, 'group', group), base(false, 'other', other)];
  const all = () => [...entries, ...added];
  if (all().some((e) => !e.isDefault && e.name !== '') && !all().some((e) => !e.isDefault && e.type === 'mask')) {
    added.push(base(false, 'mask', group));
  }
  if (all().some((e) => e.isDefault)) addDefaultBase(all, added, { user, group, other });
  return all();
}

function addDefaultBase(all: () => AclEntry[], added: AclEntry[], bits: { user: number; group: number; other: number }): void {
  const has = (p: (e: AclEntry) => boolean) => all().some((e) => e.isDefault && p(e));
  if (!has((e) => e.type === 'user' && e.name === '')) added.push(base(true, 'user', bits.user));
  if (!has((e) => e.type === 'group' && e.name === '')) added.push(base(true, 'group', bits.group));
  if (!has((e) => e.type === 'other')) added.push(base(true, 'other', bits.other));
  if (has((e) => e.name !== '') && !has((e) => e.type === 'mask')) {
    // The default mask copies the default group entry's permissions.
    const defaultGroup = all().find((e) => e.isDefault && e.type === 'group' && e.name === '')!;
    added.push({ ...defaultGroup, type: 'mask' });
  }
}

function base(isDefault: boolean, type: AceType, bits: number): AclEntry {
  return { isDefault, type, name: '', read: (bits & 4) !== 0, write: (bits & 2) !== 0, execute: (bits & 1) !== 0 };
}

function parseAceFields(text: string): Checked<AclEntry> | undefined {
  // Read from the right: perms, then the name (or a bare m/o tag), then the tag, then default.
  const parts = text.split(':').reverse();
  if (parts.length < 2 || parts.length > 4) return undefined;
  let isDefault = false;
  let type: AceType | undefined;
  if (parts.length === 4) {
    if (!DEFAULT_TAGS.has(parts[3]!)) return undefined;
    isDefault = true;
  }
  if (parts.length >= 3) {
    if (DEFAULT_TAGS.has(parts[2]!)) {
      if (isDefault) return undefined;
      isDefault = true;
    } else {
      type = TAGS[parts[2]!];
      if (type === undefined) return undefined;
    }
  }
  const named = nameAndType(parts[1]!, type);
  if ((named.type === 'mask' || named.type === 'other') && named.name !== '') return undefined;
  if (!isDefault && named.type !== 'mask' && named.name === '') {
    return fail(APPSPEC_MESSAGES.baseAcl(text));
  }
  const perms = parsePerms(parts[0]!, text);
  if (!perms.ok) return perms;
  return ok({ isDefault, ...named, ...perms.value });
}

function nameAndType(field: string, type: AceType | undefined): { type: AceType; name: string } {
  const bare = TAGS[field];
  if (bare === 'mask' || bare === 'other') return type === undefined ? { type: bare, name: '' } : { type, name: bare };
  return { type: type ?? 'user', name: field };
}

function parsePerms(field: string, ace: string): Checked<{ read: boolean; write: boolean; execute: boolean }> {
  if (/^[0-7]$/.test(field)) {
    const bits = Number(field);
    return ok({ read: (bits & 4) !== 0, write: (bits & 2) !== 0, execute: (bits & 1) !== 0 });
  }
  const bad = [...field].find((c) => !'rwx-'.includes(c));
  if (bad !== undefined) return fail(APPSPEC_MESSAGES.aclCharacter(ace, bad));
  return ok({ read: field.includes('r'), write: field.includes('w'), execute: field.includes('x') });
}
