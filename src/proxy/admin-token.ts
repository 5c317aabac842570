import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The file, in the data directory, holding the generated admin token. */
export const ADMIN_TOKEN_FILE = 'admin-token';

/** Reads the admin token from the data directory, generating it (mode 0600) on first start. */
export function loadOrCreateAdminToken(dataDir: string): string {
  const path = join(dataDir, ADMIN_TOKEN_FILE);
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  const token = randomBytes(24).toString('base64url');
  // `wx`: two proxies starting at once on one directory must not overwrite each other's token.
  writeFileSync(path, `${token}\n`, { mode: 0o600, flag: 'wx' });
  return token;
}
