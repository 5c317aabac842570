import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * A SecretBox encrypts secrets at rest with AES-256-GCM under one key, which lives in the data
 * directory and never in the database, so a copied database alone does not reveal any secret.
 */
export class SecretBox {
  readonly #key: Buffer;

  constructor(options: { key: Buffer }) {
    if (options.key.length !== 32) throw new Error('the secret key must be 32 bytes');
    this.#key = options.key;
  }

  /** Encrypts `plaintext`; the result is `v1:<base64 iv|tag|ciphertext>`. */
  seal(plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.#key, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  /** Decrypts what `seal` produced. Throws when the ciphertext was altered or the key differs. */
  open(sealed: string): string {
    if (!sealed.startsWith('v1:')) throw new Error('unknown secret format');
    const raw = Buffer.from(sealed.slice(3), 'base64');
    const decipher = createDecipheriv(ALGORITHM, this.#key, raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  }
}
