import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_APPSPEC_FILENAME, readHookScripts, type HookScriptsByEvent } from '../hooks/index.ts';
import { DEFAULT_LOCAL_EVENTS, isCustomEvent } from './lifecycle-events.ts';

/**
 * The appspec a local run's hooks read in a revision: `--appspec-filename` when given, else
 * `appspec.yml`, else `appspec.yaml` (the daemon's hooks read only the first; a local run
 * accepts either, as its up-front check does).
 */
export function localAppSpecName(archiveDir: string, explicit: string | undefined): string {
  if (explicit !== undefined) return explicit;
  if (!existsSync(join(archiveDir, DEFAULT_APPSPEC_FILENAME)) && existsSync(join(archiveDir, 'appspec.yaml'))) return 'appspec.yaml';
  return DEFAULT_APPSPEC_FILENAME;
}

/**
 * Reads a revision's hooks for a local run and applies the local tool's extra rules with its
 * messages: every hook in the appspec must be a default event or one of the requested custom
 * events, and every requested custom event must be a hook of the appspec.
 */
export async function loadLocalHooks(archiveDir: string, options: { events: readonly string[]; appSpecFilename?: string }): Promise<HookScriptsByEvent> {
  const name = localAppSpecName(archiveDir, options.appSpecFilename);
  const hooks = await readHookScripts(archiveDir, name);
  const allPossible = new Set([...DEFAULT_LOCAL_EVENTS, ...options.events]);
  const unknown = [...hooks.keys()].filter((event) => !allPossible.has(event));
  if (unknown.length > 0) throw new Error(`${name} file contains unknown lifecycle events: [${unknown.map((e) => JSON.stringify(e)).join(', ')}]`);
  const missing = options.events.filter((event) => isCustomEvent(event) && !hooks.has(event));
  if (missing.length > 0) throw new Error(`You specified a lifecycle event which is not a default one and doesn't exist in your ${name} file: ${missing.join(',')}`);
  return hooks;
}
