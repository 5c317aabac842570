import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppSpecError, parseAppSpecOrThrow, type ServerAppSpec } from '../appspec/index.ts';
import { exists } from './fs-probe.ts';
import { InstallError } from './install-error.ts';
import { INSTALL_MESSAGES } from './messages.ts';

/** The appspec Install uses: its revision-relative name and parsed content. */
export interface ChosenAppSpec {
  readonly filename: string;
  readonly appSpec: ServerAppSpec;
}

/**
 * Finds and parses the revision's appspec for Install: the first that exists of the
 * deployment's AppSpecFilename, `appspec.yaml` and `appspec.yml`. (Hooks use only
 * AppSpecFilename; Install alone falls back.) An invalid appspec throws an InstallError whose
 * message locates the first problem.
 */
export async function readInstallAppSpec(archiveDir: string, appSpecFilename: string): Promise<ChosenAppSpec> {
  const filename = await chooseAppSpecFile(archiveDir, appSpecFilename);
  const text = await readFile(join(archiveDir, filename), 'utf8');
  try {
    return { filename, appSpec: parseAppSpecOrThrow(text, { filename }) };
  } catch (err) {
    if (err instanceof AppSpecError) throw new InstallError(err.message, { officialMessage: err.officialMessage, cause: err });
    throw err;
  }
}

/** The revision-relative name of the appspec Install should read; throws when there is none. */
export async function chooseAppSpecFile(archiveDir: string, appSpecFilename: string): Promise<string> {
  const candidates = [...new Set([appSpecFilename, 'appspec.yaml', 'appspec.yml'])];
  for (const name of candidates) {
    if (await exists(join(archiveDir, name))) return name;
  }
  const expected = join(archiveDir, appSpecFilename);
  throw new InstallError(INSTALL_MESSAGES.appSpecNotFound(appSpecFilename, archiveDir, expected));
}
