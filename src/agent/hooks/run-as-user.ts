import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A local account, as `getent passwd` describes it. */
export interface HostUser {
  name: string;
  uid: number;
  gid: number;
  home: string;
  shell: string;
}

/** A `runas` user that does not exist on the host. */
export class UnknownUserError extends Error {
  override name = 'UnknownUserError';
  readonly user: string;

  constructor(user: string) {
    super(`user ${user} does not exist`);
    this.user = user;
  }
}

/**
 * Looks a user up with `getent passwd` (Node has no getpwnam), so NSS sources such as LDAP
 * count, and the user's own home and shell are used rather than the agent's.
 */
export async function resolveUser(name: string): Promise<HostUser> {
  let stdout: string;
  try {
    ({ stdout } = await run('getent', ['passwd', name], { encoding: 'utf8' }));
  } catch (err) {
    // getent exits 2 when the key is not found.
    if ((err as { code?: unknown }).code === 2) throw new UnknownUserError(name);
    throw err;
  }
  const [user, , uid, gid, , home, shell] = stdout.trim().split('\n')[0]!.split(':');
  if (user === undefined || uid === undefined || gid === undefined) throw new UnknownUserError(name);
  return { name: user, uid: Number(uid), gid: Number(gid), home: home ?? '/', shell: shell ?? '/bin/sh' };
}

/**
 * The command line that runs `scriptPath`, as `user` when one is given: through `setpriv`
 * with the user's uid, gid and supplementary groups (spawn's own uid/gid option drops the
 * groups), not the official agent's `su`, which needs a login shell (`runas: nobody` fails
 * there). `sudo -n` is prefixed when asked for and the agent is not already root.
 */
export function scriptCommand(options: { scriptPath: string; user?: HostUser; sudo?: boolean; agentUid?: number }): string[] {
  const agentUid = options.agentUid ?? process.getuid?.() ?? 0;
  const { user } = options;
  const base = user && user.uid !== agentUid
    ? ['setpriv', `--reuid=${user.uid}`, `--regid=${user.gid}`, '--init-groups', '--', options.scriptPath]
    : [options.scriptPath];
  return options.sudo && agentUid !== 0 ? ['sudo', '-n', ...base] : base;
}
