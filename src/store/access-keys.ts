import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import type { Clock } from '../core/clock.ts';
import { isRole, type Role } from '../core/roles.ts';
import { newAccessKeyId, newSecretAccessKey } from '../core/ids.ts';
import type { SecretBox } from './secret-box.ts';

/** An access key as listed: never with its secret. */
export interface AccessKeySummary {
  accessKeyId: string;
  role: Role;
  instanceName?: string;
  description: string;
  createTime: number;
  revokedTime?: number;
}

/** A usable key as the request verifier needs it. */
export interface ActiveAccessKey {
  accessKeyId: string;
  secretAccessKey: string;
  role: Role;
  instanceName?: string;
}

/** How long a looked-up key is reused before the store is asked again. */
export const KEY_CACHE_MS = 1000;

/**
 * AccessKeyStore keeps API access keys, with secrets sealed by a SecretBox. Every request
 * needs its key, so found keys are kept for KEY_CACHE_MS: a key revoked by another process
 * (`cutover keys revoke`, another server) stops working within that time; one revoked through
 * this store stops at once. Unknown keys are never cached, so a new key works immediately.
 */
export class AccessKeyStore {
  readonly #db: Kysely<Database>;
  readonly #box: SecretBox;
  readonly #clock: Clock;
  readonly #recent = new Map<string, { key: ActiveAccessKey; until: number }>();

  constructor(options: { db: Kysely<Database>; secretBox: SecretBox; clock: Clock }) {
    this.#db = options.db;
    this.#box = options.secretBox;
    this.#clock = options.clock;
  }

  /** Creates a key and returns it with its secret, which is shown this once. */
  async create(options: { role: Role; instanceName?: string; description?: string }): Promise<ActiveAccessKey> {
    const key = { accessKeyId: newAccessKeyId(), secretAccessKey: newSecretAccessKey(), ...options };
    await this.#db.insertInto('access_keys').values({
      access_key_id: key.accessKeyId,
      secret_ciphertext: this.#box.seal(key.secretAccessKey),
      role: key.role,
      instance_name: key.instanceName ?? null,
      description: options.description ?? '',
      create_time: this.#clock.now(),
      revoked_time: null,
    }).execute();
    return { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey, role: key.role, instanceName: key.instanceName };
  }

  /** Returns the key if it exists and is not revoked (see the class comment on caching). */
  async findActive(accessKeyId: string): Promise<ActiveAccessKey | undefined> {
    const now = this.#clock.now();
    const cached = this.#recent.get(accessKeyId);
    if (cached && cached.until > now) return cached.key;
    const key = await this.#lookUp(accessKeyId);
    if (key) {
      if (this.#recent.size >= 10_000) this.#recent.clear();
      this.#recent.set(accessKeyId, { key, until: now + KEY_CACHE_MS });
    } else {
      this.#recent.delete(accessKeyId);
    }
    return key;
  }

  async #lookUp(accessKeyId: string): Promise<ActiveAccessKey | undefined> {
    const row = await this.#db.selectFrom('access_keys').selectAll()
      .where('access_key_id', '=', accessKeyId).where('revoked_time', 'is', null).executeTakeFirst();
    if (!row || !isRole(row.role)) return undefined;
    return {
      accessKeyId: row.access_key_id,
      secretAccessKey: this.#box.open(row.secret_ciphertext),
      role: row.role,
      instanceName: row.instance_name ?? undefined,
    };
  }

  /** Lists every key, revoked ones included, oldest first. */
  async list(): Promise<AccessKeySummary[]> {
    const rows = await this.#db.selectFrom('access_keys').selectAll().orderBy('create_time').orderBy('access_key_id').execute();
    return rows.map((r) => ({
      accessKeyId: r.access_key_id,
      role: r.role as Role,
      instanceName: r.instance_name ?? undefined,
      description: r.description,
      createTime: r.create_time,
      revokedTime: r.revoked_time ?? undefined,
    }));
  }

  /** Revokes a key. Returns false when no active key has that id. */
  async revoke(accessKeyId: string): Promise<boolean> {
    this.#recent.delete(accessKeyId);
    const result = await this.#db.updateTable('access_keys').set({ revoked_time: this.#clock.now() })
      .where('access_key_id', '=', accessKeyId).where('revoked_time', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}
