import { readFile } from 'node:fs/promises';
import { InstallError } from './install-error.ts';
import { INSTALL_MESSAGES } from './messages.ts';
import { isMissingProgram, runCommand } from './system-command.ts';

/** The numeric id of a user name, through NSS (`getent passwd`); throws for an unknown user. */
export async function userId(name: string): Promise<number> {
  const id = await lookupId('passwd', name);
  if (id === undefined) throw new InstallError(INSTALL_MESSAGES.unknownUser(name));
  return id;
}

/** The numeric id of a group name, through NSS (`getent group`); throws for an unknown group. */
export async function groupId(name: string): Promise<number> {
  const id = await lookupId('group', name);
  if (id === undefined) throw new InstallError(INSTALL_MESSAGES.unknownGroup(name));
  return id;
}

// Both databases have the name in field 1 and the id in field 3.
async function lookupId(database: 'passwd' | 'group', name: string): Promise<number | undefined> {
  if (name === '' || name.includes(':') || name.includes('\n')) return undefined;
  let text: string;
  try {
    const status = await runCommand('getent', [database, name]);
    if (status.code !== 0) return undefined;
    text = status.output;
  } catch (err) {
    // Without getent (a minimal image), the local files are the whole database.
    if (!isMissingProgram(err)) throw err;
    text = await readFile(`/etc/${database}`, 'utf8');
  }
  const line = text.split('\n').find((l) => l.split(':')[0] === name);
  const id = line === undefined ? NaN : Number(line.split(':')[2]);
  return Number.isInteger(id) ? id : undefined;
}
