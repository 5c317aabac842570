import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppSpecError, parseAppSpecOrThrow } from '../appspec/index.ts';
import type { HookScriptsByEvent } from './hook-types.ts';

/** The appspec file hooks read when the specification names none. */
export const DEFAULT_APPSPEC_FILENAME = 'appspec.yml';

/**
 * Reads and parses the appspec of an unpacked revision and returns its hooks. Hooks read only
 * `appSpecFilename`, with no `appspec.yaml` fallback (the official agent's behaviour; Install
 * has the fallback). Throws with the official message when the file is missing, and with the
 * appspec's first problem, word for word, when it is invalid.
 */
export async function readHookScripts(archiveDir: string, appSpecFilename = DEFAULT_APPSPEC_FILENAME): Promise<HookScriptsByEvent> {
  const path = join(archiveDir, appSpecFilename);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    throw new Error(missingAppSpecMessage(archiveDir, appSpecFilename, path), { cause: err });
  }
  try {
    return parseAppSpecOrThrow(text, { filename: appSpecFilename }).hooks;
  } catch (err) {
    if (err instanceof AppSpecError) throw new Error(err.officialMessage, { cause: err });
    throw err;
  }
}

function missingAppSpecMessage(archiveDir: string, filename: string, path: string): string {
  return `The CodeDeploy agent did not find an AppSpec file within the unpacked revision directory at revision-relative path "${filename}". `
    + `The revision was unpacked to directory "${archiveDir}", and the AppSpec file was expected but not found at path "${path}". `
    + 'Consult the AWS CodeDeploy Appspec documentation for more information at http://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file.html';
}
