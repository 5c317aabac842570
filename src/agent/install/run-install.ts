import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { DeploymentRootLayout } from '../layout.ts';
import { readInstallAppSpec } from './choose-app-spec.ts';
import { undoPreviousInstall } from './cleanup-file.ts';
import { executeInstructions } from './execute-instructions.ts';
import { InstallError } from './install-error.ts';
import { SILENT_INSTALL_LOG, type InstallLog } from './install-log.ts';
import { installJson } from './instructions.ts';
import { planInstall } from './plan-install.ts';

/** Options of {@link runInstall}. */
export interface RunInstallOptions {
  readonly layout: DeploymentRootLayout;
  /** The DeploymentGroupId: names the cleanup and install files. */
  readonly groupId: string;
  readonly deploymentId: string;
  /** The specification's AppSpecFilename; defaults to `appspec.yml`. */
  readonly appSpecFilename?: string;
  /** The specification's FileExistsBehavior (upper-case); defaults to `DISALLOW`. */
  readonly fileExistsBehavior?: string;
  readonly log?: InstallLog;
}

/**
 * The Install lifecycle step, as the official agent performs it:
 *
 *   parse appspec ──▶ undo previous install ──▶ plan ──▶ write <group>-install.json
 *        (cleanup file, reversed)                              │
 *                                                              ▼
 *        write <group>_last_successful_install ◀── execute, recording <group>-cleanup
 *
 * The appspec is parsed first, so an invalid one leaves the previous install in place. Once
 * the previous install is undone, a failure leaves whatever this install created recorded in
 * the cleanup file for the next attempt. Throws an {@link InstallError} (error code 5).
 */
export async function runInstall(options: RunInstallOptions): Promise<void> {
  try {
    await install(options);
  } catch (err) {
    if (err instanceof InstallError) throw err;
    throw new InstallError(err instanceof Error ? err.message : String(err), { cause: err });
  }
}

async function install(options: RunInstallOptions): Promise<void> {
  const { layout, groupId, deploymentId } = options;
  const log = options.log ?? SILENT_INSTALL_LOG;
  const archiveDir = layout.archiveDir(groupId, deploymentId);
  await mkdir(layout.instructionsDir(), { recursive: true });
  const { filename, appSpec } = await readInstallAppSpec(archiveDir, options.appSpecFilename ?? 'appspec.yml');
  log.debug(`Install: using ${filename} from ${archiveDir}`);
  await undoPreviousInstall(layout.cleanupFile(groupId), log);
  const instructions = await planInstall(appSpec, {
    archiveDir,
    fileExistsBehavior: options.fileExistsBehavior ?? 'DISALLOW',
    appSpecFilename: filename,
  });
  await writeFile(layout.installInstructionsFile(groupId), installJson(instructions));
  log.info(`Install: ${instructions.length} instructions for deployment group ${groupId}`);
  await executeInstructions(instructions, { cleanupFile: layout.cleanupFile(groupId), log });
  await writeFile(layout.lastSuccessfulInstallFile(groupId), resolve(layout.deploymentDir(groupId, deploymentId)));
}
