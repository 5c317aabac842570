import forge from 'node-forge';

/** A signing identity: PEM private key and self-signed certificate. */
export interface SigningIdentity {
  keyPem: string;
  certificatePem: string;
}

/**
 * Creates the server's own signing identity: an RSA-2048 key and a self-signed certificate valid
 * for ten years. Agents check only that the envelope parses as PKCS#7 (the official agent) or
 * verify it against this certificate (Cutover's agent), so no public CA is involved.
 */
export function createSigningIdentity(commonName: string): SigningIdentity {
  const keys = forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = `01${forge.util.bytesToHex(forge.random.getBytesSync(8))}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 10 * 365 * 24 * 3600 * 1000);
  const attrs = [{ name: 'commonName', value: commonName }, { name: 'organizationName', value: 'Cutover' }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([{ name: 'basicConstraints', cA: false }, { name: 'keyUsage', digitalSignature: true }]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { keyPem: forge.pki.privateKeyToPem(keys.privateKey), certificatePem: forge.pki.certificateToPem(cert) };
}

/** Signed specifications kept for reuse (one per recent deployment). */
const MAX_CACHED_ENVELOPES = 256;

/**
 * Signs `content` as PKCS#7 SignedData with the content attached, PEM-encoded: the
 * `PKCS7/JSON` envelope format the host agents expect for deployment specifications.
 */
export class SpecSigner {
  readonly #key: forge.pki.rsa.PrivateKey;
  readonly #certificate: forge.pki.Certificate;
  /**
   * Envelopes by content. Every host of a deployment gets the same specification, and an
   * RSA signature in JavaScript costs milliseconds, so a 200-host deployment signs once.
   */
  readonly #recent = new Map<string, string>();

  constructor(identity: SigningIdentity) {
    this.#key = forge.pki.privateKeyFromPem(identity.keyPem) as forge.pki.rsa.PrivateKey;
    this.#certificate = forge.pki.certificateFromPem(identity.certificatePem);
  }

  /** The signer's certificate (PEM): what agents verify specifications against. */
  get certificatePem(): string {
    return forge.pki.certificateToPem(this.#certificate);
  }

  /** Returns the PEM PKCS#7 envelope of `content`. */
  sign(content: string): string {
    const cached = this.#recent.get(content);
    if (cached) return cached;
    const envelope = this.#signNow(content);
    if (this.#recent.size >= MAX_CACHED_ENVELOPES) this.#recent.delete(this.#recent.keys().next().value!);
    this.#recent.set(content, envelope);
    return envelope;
  }

  #signNow(content: string): string {
    const p7 = forge.pkcs7.createSignedData();
    p7.content = forge.util.createBuffer(content, 'utf8');
    p7.addCertificate(this.#certificate);
    p7.addSigner({
      key: this.#key,
      certificate: this.#certificate,
      digestAlgorithm: forge.pki.oids.sha256!,
      authenticatedAttributes: [
        { type: forge.pki.oids.contentType!, value: forge.pki.oids.data },
        { type: forge.pki.oids.messageDigest! },
        { type: forge.pki.oids.signingTime!, value: new Date() as unknown as string },
      ],
    });
    p7.sign();
    return forge.pkcs7.messageToPem(p7);
  }
}
