import { chmod, lchown, lstat, realpath, stat } from 'node:fs/promises';
import { formatAce, formatRange, fullAcl, type AclEntry, type SelinuxContext } from '../appspec/index.ts';
import { groupId, userId } from './accounts.ts';
import { InstallError } from './install-error.ts';
import type { InstallLog } from './install-log.ts';
import { INSTALL_MESSAGES } from './messages.ts';
import { formatStatus, isMissingProgram, runCommand, type CommandStatus } from './system-command.ts';

// Symlinks are skipped by chmod and setfacl (Linux cannot change a link's own mode, and
// following it could reach outside the deployment); chown changes the link itself.

/** Sets an octal mode string on a path this install created. */
export async function applyMode(file: string, mode: string, log: InstallLog): Promise<void> {
  if (await isSymlink(file)) return log.debug(`not changing the mode of symlink ${file}`);
  await chmod(file, parseInt(mode, 8));
}

/** Sets owner and/or group by name, resolving names through NSS. */
export async function applyOwner(file: string, owner: string | undefined, group: string | undefined): Promise<void> {
  const uid = owner === undefined ? -1 : await userId(owner);
  const gid = group === undefined ? -1 : await groupId(group);
  await lchown(file, uid, gid);
}

/** Replaces the ACL with `setfacl --set`: the appspec's entries plus base entries from the current mode. */
export async function applyAcl(file: string, entries: readonly AclEntry[], log: InstallLog): Promise<void> {
  if (await isSymlink(file)) return log.debug(`not setting an ACL on symlink ${file}`);
  const acl = fullAcl(entries, (await stat(file)).mode).map(formatAce).join(',');
  const status = await runTool('setfacl', ['--set', acl, file], 'acls', 'the acl package (setfacl)');
  if (status.code !== 0) throw new InstallError(INSTALL_MESSAGES.aclFailed(file, acl, formatStatus(status)));
}

/**
 * Adds an SELinux file-context rule for the path's real path and applies it with restorecon.
 * Returns the real path, which the cleanup file records so the rule is removed next time.
 */
export async function applyContext(file: string, context: SelinuxContext): Promise<string> {
  const real = await realpath(file);
  const args = [...(context.user !== undefined ? ['-s', context.user] : []), '-t', context.type];
  if (context.range) args.push('-r', formatRange(context.range));
  const packageName = 'the SELinux policy tools (semanage and restorecon, e.g. policycoreutils-python-utils)';
  const added = await runTool('semanage', ['fcontext', '-a', ...args, real], 'a context', packageName);
  if (added.code !== 0) {
    throw new InstallError(INSTALL_MESSAGES.contextFailed(`semanage fcontext -a ${args.join(' ')} ${real}`, formatStatus(added)));
  }
  const restored = await runTool('restorecon', ['-v', real], 'a context', packageName);
  if (restored.code !== 0) throw new InstallError(INSTALL_MESSAGES.contextFailed(`restorecon -v ${real}`, formatStatus(restored)));
  return real;
}

async function isSymlink(file: string): Promise<boolean> {
  return (await lstat(file)).isSymbolicLink();
}

// Runs a tool, turning "not installed" into a message that names what to install.
async function runTool(tool: string, args: string[], setting: string, packageName: string): Promise<CommandStatus> {
  try {
    return await runCommand(tool, args);
  } catch (err) {
    if (isMissingProgram(err)) throw new InstallError(INSTALL_MESSAGES.toolMissing(tool, setting, packageName), { cause: err });
    throw err;
  }
}
