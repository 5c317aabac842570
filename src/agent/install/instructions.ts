import { formatAce, formatRange, type AclEntry, type SelinuxContext } from '../appspec/index.ts';

/**
 * One step of an Install, planned before anything on disk changes. Paths are absolute.
 * * `copy` - copy a file (or recreate a symlink) from the revision to `destination`.
 * * `mkdir` - create one directory.
 * * `chmod` - set an octal mode string.
 * * `setfacl` - replace the ACL with the appspec's entries plus base entries from the mode.
 * * `semanage` - label the path with an SELinux context, then `restorecon` it.
 * * `chown` - set owner and/or group by name.
 */
export type Instruction =
  | { readonly type: 'copy'; readonly source: string; readonly destination: string }
  | { readonly type: 'mkdir'; readonly directory: string }
  | { readonly type: 'chmod'; readonly mode: string; readonly file: string }
  | { readonly type: 'setfacl'; readonly acl: readonly AclEntry[]; readonly file: string }
  | { readonly type: 'semanage'; readonly context: SelinuxContext; readonly file: string }
  | { readonly type: 'chown'; readonly owner?: string; readonly group?: string; readonly file: string };

/**
 * The `<group>-install.json` document: `{"instructions":[...]}` in the official agent's shape,
 * kept for operators (nothing reads it back).
 */
export function installJson(instructions: readonly Instruction[]): string {
  return JSON.stringify({ instructions: instructions.map(jsonOf) });
}

function jsonOf(instruction: Instruction): object {
  switch (instruction.type) {
    case 'setfacl':
      return { type: 'setfacl', acl: instruction.acl.map(formatAce), file: instruction.file };
    case 'semanage': {
      const { user, type, range } = instruction.context;
      const context = { user: user ?? null, role: null, type, range: range ? formatRange(range) : null };
      return { type: 'semanage', context, file: instruction.file };
    }
    case 'chown':
      return { type: 'chown', owner: instruction.owner ?? null, group: instruction.group ?? null, file: instruction.file };
    default:
      return instruction;
  }
}
