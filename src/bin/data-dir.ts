import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** Where Cutover keeps its state when no `--data-dir` or CUTOVER_DATA_DIR is given. */
export const DEFAULT_DATA_DIR = join(homedir(), '.cutover');

/** Files inside a data directory. */
export const DATA_FILES = {
  secretKey: 'secret.key',
  adminCredentials: 'admin-credentials',
} as const;

/** Creates the data directory if needed (owner-only) and returns its absolute path. */
export function ensureDataDir(dir: string): string {
  const path = resolve(dir);
  mkdirSync(path, { recursive: true, mode: 0o700 });
  return path;
}

/**
 * Returns the key that seals secrets at rest, creating it on first use. It stays in the data
 * directory so that a database dump alone reveals no secret.
 */
export function loadSecretKey(dataDir: string): Buffer {
  const path = join(dataDir, DATA_FILES.secretKey);
  if (!existsSync(path)) {
    writeFileSync(path, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  }
  const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${path} does not hold a 32-byte base64 key`);
  return key;
}

/** Writes credentials in the AWS shared-credentials format, profile `default`, owner-only. */
export function writeCredentialsFile(path: string, key: { accessKeyId: string; secretAccessKey: string }, region: string): void {
  // `region` in the credentials file is honoured by the aws CLI, so the file works on its own.
  const text = `[default]\naws_access_key_id = ${key.accessKeyId}\naws_secret_access_key = ${key.secretAccessKey}\nregion = ${region}\n`;
  writeFileSync(path, text, { mode: 0o600 });
}
