import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSigningIdentity, type SigningIdentity } from '../api/host-commands/spec-signer.ts';

/** Files of the server's specification-signing identity in the data directory. */
export const SIGNING_FILES = { key: 'spec-signing.key', certificate: 'spec-signing.crt' } as const;

/**
 * Loads the key and certificate that sign deployment specifications, creating them on first
 * start. Agents that verify signatures are given the certificate file.
 */
export function loadSigningIdentity(dataDir: string): SigningIdentity {
  const keyPath = join(dataDir, SIGNING_FILES.key);
  const certificatePath = join(dataDir, SIGNING_FILES.certificate);
  if (!existsSync(keyPath) || !existsSync(certificatePath)) {
    const identity = createSigningIdentity('Cutover deployment specification signer');
    writeFileSync(keyPath, identity.keyPem, { mode: 0o600 });
    writeFileSync(certificatePath, identity.certificatePem, { mode: 0o644 });
  }
  return { keyPem: readFileSync(keyPath, 'utf8'), certificatePem: readFileSync(certificatePath, 'utf8') };
}
