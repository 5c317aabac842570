import { INSTALL_PERMISSION_MESSAGES, permissionReaches, type PermissionSpec } from '../appspec/index.ts';
import { expandPath } from './expand-path.ts';
import { InstallError } from './install-error.ts';
import type { Instruction } from './instructions.ts';
import { INSTALL_MESSAGES } from './messages.ts';

/** Where an appspec entry sits, for error locations. */
export interface EntryLocation {
  readonly filename: string;
  readonly line: number;
  readonly col: number;
}

/**
 * Accumulates Install instructions and refuses the conflicts the official agent refuses: two
 * copies onto one path, a copy onto a directory this install creates, a directory onto a copy,
 * and a second permission entry for one path. Knows which paths this install creates, which is
 * all that permissions may touch.
 */
export class InstructionBuilder {
  readonly #instructions: Instruction[] = [];
  readonly #copyTargets = new Map<string, string>();
  readonly #mkdirTargets = new Set<string>();
  readonly #permissionTargets = new Set<string>();

  /** Plans a copy. Throws when the destination is already a target of this install. */
  copy(source: string, destination: string, where: EntryLocation): void {
    const target = expandPath(destination);
    const other = this.#copyTargets.get(target);
    if (other !== undefined) throw InstallError.at(where, INSTALL_MESSAGES.twoSources(source, other, target));
    if (this.#mkdirTargets.has(target)) throw InstallError.at(where, INSTALL_MESSAGES.fileOntoDirectory(source, target));
    this.#instructions.push({ type: 'copy', source, destination: target });
    this.#copyTargets.set(target, source);
  }

  /** Plans a directory; planning the same directory twice creates it once. */
  mkdir(directory: string, where: EntryLocation): void {
    const target = expandPath(directory);
    const source = this.#copyTargets.get(target);
    if (source !== undefined) throw InstallError.at(where, INSTALL_MESSAGES.directoryOntoFile(target, source));
    if (!this.#mkdirTargets.has(target)) this.#instructions.push({ type: 'mkdir', directory: target });
    this.#mkdirTargets.add(target);
  }

  /** Plans chmod, setfacl, semanage and chown for one path, in that order (the official order). */
  setPermissions(path: string, permission: PermissionSpec, where: EntryLocation): void {
    const file = expandPath(path);
    if (this.#permissionTargets.has(file)) throw InstallError.at(where, INSTALL_PERMISSION_MESSAGES.duplicatePermission(file));
    this.#permissionTargets.add(file);
    if (permission.mode !== undefined) this.#instructions.push({ type: 'chmod', mode: permission.mode, file });
    if (permission.acls !== undefined) this.#instructions.push({ type: 'setfacl', acl: permission.acls, file });
    if (permission.context !== undefined) this.#instructions.push({ type: 'semanage', context: permission.context, file });
    if (permission.owner !== undefined || permission.group !== undefined) {
      this.#instructions.push({ type: 'chown', ...ownerAndGroup(permission), file });
    }
  }

  /** Whether this install copies a file to `path`. */
  isCopyTarget(path: string): boolean {
    return this.#copyTargets.has(expandPath(path));
  }

  /** Whether this install creates the directory `path`. */
  isMkdirTarget(path: string): boolean {
    return this.#mkdirTargets.has(expandPath(path));
  }

  /** Files (if the entry's type has `file`), then directories, that this install creates under `object`. */
  matchesUnder(object: string, permission: PermissionSpec): { files: string[]; directories: string[] } {
    const base = expandPath(object);
    const reached = (paths: Iterable<string>) => [...paths].filter((p) => permissionReaches(permission, base, p));
    return {
      files: permission.type.includes('file') ? reached(this.#copyTargets.keys()) : [],
      directories: permission.type.includes('directory') ? reached(this.#mkdirTargets) : [],
    };
  }

  get instructions(): readonly Instruction[] {
    return this.#instructions;
  }
}

function ownerAndGroup(permission: PermissionSpec): { owner?: string; group?: string } {
  return {
    ...(permission.owner !== undefined ? { owner: permission.owner } : {}),
    ...(permission.group !== undefined ? { group: permission.group } : {}),
  };
}
