/**
 * Where a value sits in the appspec file: 1-based line and column, as editors count them.
 * Kept on parsed entries so that errors found later (at Install) can still point at the line.
 */
export interface SourcePosition {
  readonly line: number;
  readonly col: number;
}

/**
 * What Install does when a target file already exists and this deployment group's previous
 * install did not create it:
 * * `DISALLOW` - fail the deployment (the default).
 * * `OVERWRITE` - replace the file with the revision's copy.
 * * `RETAIN` - keep the file on the host and skip the revision's copy.
 */
export type FileExistsBehavior = 'DISALLOW' | 'OVERWRITE' | 'RETAIN';

/** Every FileExistsBehavior value, in the order the official messages list them. */
export const FILE_EXISTS_BEHAVIORS: readonly FileExistsBehavior[] = ['DISALLOW', 'OVERWRITE', 'RETAIN'];

/** One script of a lifecycle hook (`hooks.<Event>[n]`). */
export interface HookScript {
  /** Path of the script relative to the revision root, trimmed. */
  readonly location: string;
  /** User to run the script as (`su <runas> -c`), trimmed; absent when not given. */
  readonly runas?: string;
  /** Whether to run the script through `sudo` (any value other than null/false counts, as in Ruby). */
  readonly sudo: boolean;
  /** Per-script timeout in seconds; 3600 when not given. */
  readonly timeoutSeconds: number;
  readonly at: SourcePosition;
}

/** One `files` entry: copy `source` (relative to the revision root) into the directory `destination`. */
export interface FileMapping {
  readonly source: string;
  readonly destination: string;
  readonly at: SourcePosition;
}

/** The kinds of object a permission entry applies to. */
export type PermissionObjectType = 'file' | 'directory';

/**
 * One POSIX ACL entry as the appspec's `acls` list gives it, normalised: `[default:]type:name:rwx`.
 * Base entries (user/group/other without a name) are refused by the parser: `mode` sets those.
 */
export interface AclEntry {
  readonly isDefault: boolean;
  readonly type: 'user' | 'group' | 'mask' | 'other';
  /** User or group name; empty for mask and other. */
  readonly name: string;
  readonly read: boolean;
  readonly write: boolean;
  readonly execute: boolean;
}

/** An SELinux MLS/MCS range `s<low>[-s<high>][:c<n>[.c<m>],...]`, parsed. */
export interface SelinuxRange {
  readonly lowSensitivity: number;
  readonly highSensitivity: number;
  /** Sorted, distinct category numbers (0..1023); absent when the range names none. */
  readonly categories?: readonly number[];
}

/** A permission entry's SELinux `context`. `role` is ignored, as the official agent ignores it. */
export interface SelinuxContext {
  /** The SELinux user (`name` in the appspec). */
  readonly user?: string;
  readonly type: string;
  readonly range?: SelinuxRange;
}

/** One `permissions` entry (Linux only). */
export interface PermissionSpec {
  /** The file or directory the entry targets, trimmed. */
  readonly object: string;
  /** `**` (any depth) or a simple glob over direct children where only `*` is special. */
  readonly pattern: string;
  /** Simple globs over direct children that are excluded. */
  readonly except: readonly string[];
  readonly type: readonly PermissionObjectType[];
  readonly owner?: string;
  readonly group?: string;
  /** Octal mode string, zero-padded to 3 or 4 digits (e.g. `644`, `0755`, `4755`). */
  readonly mode?: string;
  readonly acls?: readonly AclEntry[];
  readonly context?: SelinuxContext;
  readonly at: SourcePosition;
}

/** The operating systems an appspec may name. Cutover's agent runs on Linux only. */
export type AppSpecOs = 'linux' | 'windows';

/** A parsed, validated EC2/on-premises appspec (`appspec.yml`). */
export interface ServerAppSpec {
  /** Always numerically 0.0: the only version there is. */
  readonly version: 0;
  readonly os: AppSpecOs;
  /** The appspec's own choice, which beats the deployment's; absent when not given. */
  readonly fileExistsBehavior?: FileExistsBehavior;
  /**
   * Scripts per lifecycle event, in file order. Event names are kept as written, custom ones
   * included; a hook given as null or an empty list maps to an empty array.
   */
  readonly hooks: ReadonlyMap<string, readonly HookScript[]>;
  readonly files: readonly FileMapping[];
  readonly permissions: readonly PermissionSpec[];
}
