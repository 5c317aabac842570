import { INSTALL_PERMISSION_MESSAGES, type PermissionSpec } from '../appspec/index.ts';
import { isDirectory } from './fs-probe.ts';
import { InstallError } from './install-error.ts';
import type { EntryLocation, InstructionBuilder } from './instruction-builder.ts';

/**
 * Plans one `permissions` entry, after all copies are planned. An object that this install
 * copies as a file gets the entry itself (if its type has `file`; then the pattern must be
 * `**`, there may be no except and no default ACL). An object that is a directory, created now
 * or already there, passes the entry to what this install creates strictly under it, never to
 * itself and never to files that were already on the host. Other objects are ignored.
 */
export async function planPermission(permission: PermissionSpec, builder: InstructionBuilder, appSpecFilename: string): Promise<void> {
  const where: EntryLocation = { filename: appSpecFilename, ...permission.at };
  if (builder.isCopyTarget(permission.object)) {
    if (!permission.type.includes('file')) return;
    checkFileEntry(permission, where);
    builder.setPermissions(permission.object, permission, where);
    return;
  }
  if (!builder.isMkdirTarget(permission.object) && !(await isDirectory(permission.object))) return;
  const { files, directories } = builder.matchesUnder(permission.object, permission);
  if (files.length > 0) checkNoDefaultAcl(permission, where);
  for (const path of [...files, ...directories]) builder.setPermissions(path, permission, where);
}

function checkFileEntry(permission: PermissionSpec, where: EntryLocation): void {
  if (permission.pattern !== '**') {
    throw InstallError.at(where, INSTALL_PERMISSION_MESSAGES.invalidFilePattern(permission.object, permission.pattern));
  }
  if (permission.except.length > 0) {
    const inspected = `[${permission.except.map((e) => JSON.stringify(e)).join(', ')}]`;
    throw InstallError.at(where, INSTALL_PERMISSION_MESSAGES.invalidFileExcept(inspected, permission.object));
  }
  checkNoDefaultAcl(permission, where);
}

// A default ACL only makes sense on a directory.
function checkNoDefaultAcl(permission: PermissionSpec, where: EntryLocation): void {
  if (permission.acls?.some((entry) => entry.isDefault)) {
    throw InstallError.at(where, INSTALL_PERMISSION_MESSAGES.defaultAclOnFile());
  }
}
