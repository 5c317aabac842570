import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { isTargetAddress } from '../core/proxy-admin.ts';
import { badRequest } from './admin-error.ts';
import { checkName, listenerConfig, targetGroupConfig } from './settings.ts';
import type { PersistedState } from './state-file.ts';

/** The admin listener's settings from the config file. */
export interface AdminConfig {
  host?: string;
  port?: number;
  token?: string;
}

/** A parsed config file: admin settings, and the state it seeds on first start. */
export interface ProxyConfigFile {
  admin: AdminConfig;
  seed: PersistedState;
}

/**
 * Reads a YAML (or JSON) config file: `admin`, `targetGroups` and `listeners`, each a map by
 * name (format in docs/proxy.md). Throws an Error naming the file and the bad entry.
 */
export function readConfigFile(path: string): ProxyConfigFile {
  let document: unknown;
  try {
    document = parse(readFileSync(path, 'utf8')) ?? {};
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return parseConfig(document);
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`, { cause: error });
  }
}

/** Checks a config document already parsed from YAML or JSON. */
export function parseConfig(document: unknown): ProxyConfigFile {
  const root = map(document, 'the file');
  const admin = map(root.admin ?? {}, 'admin') as AdminConfig;
  const targetGroups = Object.entries(map(root.targetGroups ?? {}, 'targetGroups')).map(([name, body]) => {
    checkName(name);
    const targets = (map(body, `targetGroups.${name}`).targets ?? []) as unknown[];
    if (!Array.isArray(targets) || !targets.every((t) => typeof t === 'string' && isTargetAddress(t))) throw badRequest(`targetGroups.${name}.targets must be a list of host:port`);
    return { name, ...targetGroupConfig(body), targets: targets as string[] };
  });
  const listeners = Object.entries(map(root.listeners ?? {}, 'listeners')).map(([name, body]) => {
    checkName(name);
    return { name, ...listenerConfig(body) };
  });
  return { admin, seed: { version: 1, targetGroups, listeners } };
}

function map(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badRequest(`${what} must be a map`);
  return value as Record<string, unknown>;
}
