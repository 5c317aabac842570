import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { applyAcl, applyContext, applyMode, applyOwner } from './apply-permissions.ts';
import { SEMANAGE_LINE_PREFIX } from './cleanup-file.ts';
import { copyEntry } from './copy-entry.ts';
import type { InstallLog } from './install-log.ts';
import type { Instruction } from './instructions.ts';

/**
 * Carries out planned instructions in order, recording every path it creates in the group's
 * cleanup file so that the next install (or a failed one's successor) can undo them. A copy's
 * path is recorded before the copy, so a half-written file is still cleaned up; a directory's
 * after the mkdir, so a directory that could not be created is never removed.
 */
export async function executeInstructions(
  instructions: readonly Instruction[],
  options: { readonly cleanupFile: string; readonly log: InstallLog },
): Promise<void> {
  const cleanup = await open(options.cleanupFile, 'w');
  try {
    for (const instruction of instructions) await execute(instruction, cleanup, options.log);
  } finally {
    await cleanup.close();
  }
}

async function execute(instruction: Instruction, cleanup: FileHandle, log: InstallLog): Promise<void> {
  switch (instruction.type) {
    case 'copy':
      await record(cleanup, instruction.destination);
      return copyEntry(instruction.source, instruction.destination);
    case 'mkdir':
      await mkdir(instruction.directory);
      return record(cleanup, instruction.directory);
    case 'chmod':
      return applyMode(instruction.file, instruction.mode, log);
    case 'setfacl':
      return applyAcl(instruction.file, instruction.acl, log);
    case 'semanage':
      return record(cleanup, `${SEMANAGE_LINE_PREFIX}${await applyContext(instruction.file, instruction.context)}`);
    case 'chown':
      return applyOwner(instruction.file, instruction.owner, instruction.group);
  }
}

async function record(cleanup: FileHandle, line: string): Promise<void> {
  await cleanup.write(`${line}\n`);
}
