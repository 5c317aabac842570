import { createHash, verify as verifySignature, X509Certificate } from 'node:crypto';
import forge from 'node-forge';

const { asn1 } = forge;

/** A PKCS#7 envelope that cannot be parsed, or whose signature does not verify. */
export class Pkcs7Error extends Error {
  override name = 'Pkcs7Error';
}

interface SignerInfo {
  digestAlgorithm: string;
  /** DER of the authenticated attributes re-tagged as a SET (what was signed), when present. */
  signedAttributesDer?: string;
  messageDigest?: string;
  signature: string;
}

/**
 * Reads the attached content of a PEM (or base64 DER) PKCS#7 SignedData. Nothing is verified;
 * this is all the official agent requires of a specification envelope.
 */
export function readPkcs7(payload: string): { content: string; message: forge.pkcs7.PkcsSignedData } {
  let message: forge.pkcs7.PkcsSignedData;
  try {
    message = parseMessage(payload);
  } catch (err) {
    throw new Pkcs7Error(`Could not parse the PKCS7: ${(err as Error).message}`);
  }
  const content = attachedContent(message);
  if (content === undefined) throw new Pkcs7Error('Could not parse the PKCS7: it carries no attached content');
  return { content: forge.util.decodeUtf8(content), message };
}

/**
 * The attached content's bytes (a binary string). Read from the raw ASN.1, because node-forge
 * leaves `content` empty when the content is wrapped in its `[0] EXPLICIT` tag, as it always is.
 */
export function attachedContent(message: forge.pkcs7.PkcsSignedData): string | undefined {
  const raw = (message as unknown as { rawCapture?: { content?: unknown } }).rawCapture?.content;
  if (raw === undefined) return undefined;
  return octets(raw);
}

// Concatenates OCTET STRING values, looking through explicit tags and BER constructed strings.
function octets(node: unknown): string {
  if (typeof node === 'string') return node;
  if (Array.isArray(node)) return node.map(octets).join('');
  const value = (node as forge.asn1.Asn1).value;
  return typeof value === 'string' ? value : octets(value);
}

/**
 * Verifies a SignedData's signature over its attached content. With `trusted` (a PEM
 * certificate), the signer must be that certificate or one it issued; without it, the signature
 * must verify against a certificate the envelope carries, which proves the content was not
 * altered after signing but not who signed it. Throws a {@link Pkcs7Error} when no signer verifies.
 */
export function verifyPkcs7(message: forge.pkcs7.PkcsSignedData, options: { trusted?: string } = {}): void {
  const signers = signerInfos(message);
  if (signers.length === 0) throw new Pkcs7Error('the PKCS7 envelope has no signer');
  const content = attachedContent(message) ?? '';
  const keys = candidateKeys(message, options.trusted);
  if (keys.length === 0) throw new Pkcs7Error(options.trusted ? 'the envelope was not signed by the configured specification certificate' : 'the PKCS7 envelope carries no certificate to verify it with');
  for (const signer of signers) {
    if (verifiesWithAny(signer, content, keys)) return;
  }
  throw new Pkcs7Error('the signature does not match the content (altered after signing, or signed by another key)');
}

function parseMessage(payload: string): forge.pkcs7.PkcsSignedData {
  const text = payload.trim();
  const message = text.startsWith('-----BEGIN')
    ? forge.pkcs7.messageFromPem(text)
    : forge.pkcs7.messageFromAsn1(asn1.fromDer(forge.util.decode64(text)));
  if (!('certificates' in message) || (message as { type?: string }).type !== forge.pki.oids.signedData) {
    throw new Error('not a PKCS#7 SignedData message');
  }
  return message as forge.pkcs7.PkcsSignedData;
}

// The public keys allowed to have signed: the trusted certificate and any carried certificate it
// issued, or, without a trusted certificate, every carried certificate.
function candidateKeys(message: forge.pkcs7.PkcsSignedData, trustedPem: string | undefined): X509Certificate[] {
  const carried = message.certificates.map((c) => new X509Certificate(forge.pki.certificateToPem(c)));
  if (!trustedPem) return carried;
  const trusted = new X509Certificate(trustedPem);
  return [trusted, ...carried.filter((c) => c.checkIssued(trusted) && c.verify(trusted.publicKey))];
}

function verifiesWithAny(signer: SignerInfo, content: string, keys: X509Certificate[]): boolean {
  const hash = nodeHashName(signer.digestAlgorithm);
  const contentBytes = Buffer.from(content, 'binary');
  let signed = contentBytes;
  if (signer.signedAttributesDer !== undefined) {
    const digest = createHash(hash).update(contentBytes).digest();
    if (signer.messageDigest === undefined || !digest.equals(Buffer.from(signer.messageDigest, 'binary'))) return false;
    signed = Buffer.from(signer.signedAttributesDer, 'binary');
  }
  const signature = Buffer.from(signer.signature, 'binary');
  return keys.some((cert) => {
    try {
      return verifySignature(hash, signed, cert.publicKey, signature);
    } catch {
      return false;
    }
  });
}

function nodeHashName(oid: string): string {
  const name = forge.pki.oids[oid];
  if (name === 'sha256' || name === 'sha384' || name === 'sha512' || name === 'sha1') return name;
  throw new Pkcs7Error(`unsupported digest algorithm ${name ?? oid}`);
}

// SignerInfo ::= SEQUENCE { version, issuerAndSerialNumber, digestAlgorithm,
//   [0] IMPLICIT authenticatedAttributes OPTIONAL, digestEncryptionAlgorithm, encryptedDigest, … }
function signerInfos(message: forge.pkcs7.PkcsSignedData): SignerInfo[] {
  const raw = (message as unknown as { rawCapture?: { signerInfos?: forge.asn1.Asn1[] } }).rawCapture?.signerInfos ?? [];
  return raw.map((info) => {
    const parts = info.value as forge.asn1.Asn1[];
    const digestAlgorithm = asn1.derToOid(((parts[2]!.value as forge.asn1.Asn1[])[0]!.value) as string);
    const hasAttributes = parts[3]!.tagClass === asn1.Class.CONTEXT_SPECIFIC && parts[3]!.type === 0;
    const signature = parts[hasAttributes ? 5 : 4]!.value as string;
    if (!hasAttributes) return { digestAlgorithm, signature };
    const attributes = parts[3]!.value as forge.asn1.Asn1[];
    const asSet = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, attributes);
    return { digestAlgorithm, signature, signedAttributesDer: asn1.toDer(asSet).getBytes(), messageDigest: messageDigestOf(attributes) };
  });
}

// Attribute ::= SEQUENCE { type OID, values SET OF … }; messageDigest holds one OCTET STRING.
function messageDigestOf(attributes: forge.asn1.Asn1[]): string | undefined {
  for (const attribute of attributes) {
    const [type, values] = attribute.value as forge.asn1.Asn1[];
    if (asn1.derToOid(type!.value as string) === forge.pki.oids.messageDigest) {
      return ((values!.value as forge.asn1.Asn1[])[0]!.value) as string;
    }
  }
  return undefined;
}
