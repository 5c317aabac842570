import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createSigningIdentity, SpecSigner } from './spec-signer.ts';

describe('SpecSigner', () => {
  it('produces a PKCS#7 envelope that openssl verifies against the certificate and that carries the content', (t) => {
    const identity = createSigningIdentity('cutover-test');
    const content = JSON.stringify({ DeploymentId: 'd-ABCDEFGHI', ApplicationName: 'App ü' });
    const pem = new SpecSigner(identity).sign(content);
    assert.match(pem, /^-----BEGIN PKCS7-----/);
    const dir = mkdtempSync(join(tmpdir(), 'p7-'));
    writeFileSync(join(dir, 'spec.p7'), pem);
    writeFileSync(join(dir, 'cert.pem'), identity.certificatePem);
    let out: string;
    try {
      out = execFileSync('openssl', ['smime', '-verify', '-inform', 'PEM', '-in', join(dir, 'spec.p7'), '-CAfile', join(dir, 'cert.pem'), '-purpose', 'any'],
        { stdio: ['ignore', 'pipe', 'pipe'] }).toString('utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return t.skip('openssl is not installed');
      throw error;
    }
    assert.equal(out, content);
  });
});
