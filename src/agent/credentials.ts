import { statSync } from 'node:fs';
import type { SigningCredentials } from '../client/sign-request.ts';
import { ConfigError, readText } from './config-values.ts';

/**
 * Where the agent's signing credentials come from. A file source is re-read whenever the file
 * changes, so session credentials that an outside process refreshes are picked up without a
 * restart (the official agent re-reads its session credentials file every 30 minutes).
 */
export interface CredentialSource {
  /** Human-readable origin, for logs (never the secret). */
  readonly describe: string;
  /** The current credentials; throws a ConfigError when a file has become unusable. */
  get(): SigningCredentials;
}

/** Credentials given directly in a configuration file. */
export function staticCredentials(credentials: SigningCredentials, describe: string): CredentialSource {
  return { describe, get: () => credentials };
}

/**
 * Credentials read from an AWS shared-credentials file (INI: `[profile]` sections with
 * `aws_access_key_id`, `aws_secret_access_key` and optionally `aws_session_token`). The file is
 * read now, so a broken one is reported at start-up, and again whenever its mtime changes.
 */
export function fileCredentials(file: string, profile = 'default'): CredentialSource {
  let cached: { mtimeMs: number; credentials: SigningCredentials } | undefined;
  const load = (): SigningCredentials => {
    const mtimeMs = mtimeOf(file);
    if (cached && cached.mtimeMs === mtimeMs) return cached.credentials;
    const credentials = parseCredentialsFile(readText(file, 'Credentials file'), { file, profile });
    cached = { mtimeMs, credentials };
    return credentials;
  };
  load();
  return { describe: `${file} [${profile}]`, get: load };
}

/** Parses one profile of an AWS shared-credentials file; throws a ConfigError naming what is missing. */
export function parseCredentialsFile(text: string, options: { file: string; profile: string }): SigningCredentials {
  const section = iniSection(text, options.profile);
  if (!section) throw new ConfigError(`Credentials file ${options.file} has no [${options.profile}] section`);
  const accessKeyId = section.get('aws_access_key_id');
  const secretAccessKey = section.get('aws_secret_access_key');
  if (!accessKeyId) throw new ConfigError(`Credentials file ${options.file}: 'aws_access_key_id' is missing from [${options.profile}]`);
  if (!secretAccessKey) throw new ConfigError(`Credentials file ${options.file}: 'aws_secret_access_key' is missing from [${options.profile}]`);
  const sessionToken = section.get('aws_session_token');
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}

/** The secret parts of credentials: values that must never reach a hook's environment. */
export function secretsOf(credentials: SigningCredentials | undefined): string[] {
  if (!credentials) return [];
  return [credentials.secretAccessKey, credentials.sessionToken ?? ''].filter((s) => s.length > 0);
}

// `[name]` or `[profile name]` headers; `key = value` lines; `#` and `;` comments.
function iniSection(text: string, profile: string): Map<string, string> | undefined {
  let current: Map<string, string> | undefined;
  let found: Map<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[\s*(?:profile\s+)?([^\]]+?)\s*\]$/.exec(line);
    if (header) {
      current = header[1] === profile ? (found ??= new Map()) : undefined;
      continue;
    }
    const pair = /^([^=]+?)\s*=\s*(.*)$/.exec(line);
    if (pair && current) current.set(pair[1]!.toLowerCase(), pair[2]!);
  }
  return found;
}

function mtimeOf(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}
