import type { ServerAppSpec } from '../appspec/index.ts';
import { InstructionBuilder } from './instruction-builder.ts';
import type { Instruction } from './instructions.ts';
import { planFileMapping } from './plan-files.ts';
import { planPermission } from './plan-permissions.ts';

/** What {@link planInstall} needs besides the appspec. */
export interface PlanInstallOptions {
  readonly archiveDir: string;
  /** The deployment's FileExistsBehavior; the appspec's own value beats it. */
  readonly fileExistsBehavior: string;
  /** The appspec's revision-relative name, for error locations. */
  readonly appSpecFilename: string;
}

/**
 * Turns an appspec into Install instructions without changing anything on disk: directories
 * and copies for each `files` entry in order, then the permission changes. Throws an
 * InstallError for conflicts and for files that already exist under DISALLOW.
 */
export async function planInstall(appSpec: ServerAppSpec, options: PlanInstallOptions): Promise<readonly Instruction[]> {
  const builder = new InstructionBuilder();
  const fileExistsBehavior = appSpec.fileExistsBehavior ?? options.fileExistsBehavior;
  const context = { builder, archiveDir: options.archiveDir, fileExistsBehavior, appSpecFilename: options.appSpecFilename };
  for (const mapping of appSpec.files) await planFileMapping(mapping, context);
  for (const permission of appSpec.permissions) await planPermission(permission, builder, options.appSpecFilename);
  return builder.instructions;
}
