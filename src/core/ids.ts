import { randomBytes, randomUUID } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function randomFrom(alphabet: string, length: number): string {
  // Rejection sampling keeps every character equally likely (256 is not a multiple of 36).
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit && out.length < length) out += alphabet[byte % alphabet.length];
    }
  }
  return out;
}

/** A new deployment id: `d-` and 9 uppercase alphanumerics, as AWS issues them (`d-75I7MBT7C`). */
export function newDeploymentId(): string {
  return `d-${randomFrom(ALPHANUMERIC, 9)}`;
}

/** Returns true when `id` has the shape of a deployment id. */
export function isDeploymentId(id: string): boolean {
  return /^d-[A-Z0-9]{9}$/.test(id);
}

/** A new resource id (application, deployment group, deployment config), a UUID as AWS uses. */
export function newResourceId(): string {
  return randomUUID();
}

/** A new access key id: `AKIA`-style, 20 uppercase alphanumerics starting with `CKIA`. */
export function newAccessKeyId(): string {
  return `CKIA${randomFrom(ALPHANUMERIC, 16)}`;
}

/** A new secret access key: 40 characters of base64, like AWS secrets. */
export function newSecretAccessKey(): string {
  return randomBytes(30).toString('base64');
}

/** A new 12-digit account id for this installation. */
export function newAccountId(): string {
  return randomFrom('0123456789', 12).replace(/^0/, '1');
}
