import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Listener } from '../core/proxy-admin.ts';
import type { TargetGroupConfig } from './target-group.ts';

/** The file, in the data directory, that keeps admin API changes across restarts. */
export const STATE_FILE = 'proxy-state.json';

/** What survives a restart: groups with their registered targets (states start over), and listeners. */
export interface PersistedState {
  version: 1;
  targetGroups: (TargetGroupConfig & { name: string; targets: string[] })[];
  listeners: Listener[];
}

/** Reads the state file; undefined when there is none yet. Throws on a file that is not valid JSON. */
export function readStateFile(dataDir: string): PersistedState | undefined {
  const path = join(dataDir, STATE_FILE);
  if (!existsSync(path)) return undefined;
  const state = JSON.parse(readFileSync(path, 'utf8')) as PersistedState;
  if (state.version !== 1) throw new Error(`${path}: unknown version ${String(state.version)}`);
  return state;
}

/**
 * Writes the state file atomically (a temporary file renamed over it), so that a crash leaves
 * either the old state or the new one, never half of one. Synchronous, so writes keep the order
 * of the changes that caused them.
 */
export function writeStateFile(dataDir: string, state: PersistedState): void {
  const path = join(dataDir, STATE_FILE);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, path);
}
