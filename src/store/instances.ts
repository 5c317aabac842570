import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../core/clock.ts';
import { selectInstances, type InstanceTag, type TagFilter } from '../core/instance-selection.ts';
import type { Database } from './schema.ts';

/** A registered instance as deployments target it. */
export interface RegisteredInstance {
  instanceName: string;
  instanceArn: string;
  iamSessionArn?: string;
  iamUserArn?: string;
  tags: InstanceTag[];
}

/** An instance record in the shape of the API's InstanceInfo (times in epoch ms). */
export interface InstanceRecord extends RegisteredInstance {
  registerTime: number;
  deregisterTime?: number;
}

/** What register needs: the name, its ARN and exactly one IAM identity. */
export interface NewInstance {
  instanceName: string;
  instanceArn: string;
  iamSessionArn?: string;
  iamUserArn?: string;
}

/**
 * The outcome of register: `registered`, or which unique field is already taken. Names stay
 * taken after deregistration; IAM ARNs only while their instance is registered.
 */
export type RegisterOutcome = 'registered' | 'nameTaken' | 'iamSessionArnTaken' | 'iamUserArnTaken';

/** The outcome of a tag change: applied, or the instances and limits that stopped it. */
export type TagChangeOutcome =
  | { ok: true }
  | { ok: false; notRegistered: string[] }
  | { ok: false; overLimit: string };

/** Filters and position for list. */
export interface InstanceListOptions {
  registrationStatus?: 'Registered' | 'Deregistered';
  tagFilters?: readonly TagFilter[];
  /** Only names after this one (the page position). */
  after?: string;
  limit: number;
}

type InstanceRow = Database['instances'];

/** Most names bound into one `in (…)` list. */
const MAX_IN_LIST = 500;

/** InstanceStore keeps on-premises instances and their tags. */
export class InstanceStore {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;

  constructor(options: { db: Kysely<Database>; clock: Clock }) {
    this.#db = options.db;
    this.#clock = options.clock;
  }

  /** Every registered (not deregistered) instance with its tags, by name: the deployable fleet. */
  async listRegistered(): Promise<RegisteredInstance[]> {
    const rows = await this.#db.selectFrom('instances').selectAll()
      .where('deregister_time', 'is', null).orderBy('instance_name').execute();
    return (await this.#withTags(rows)).map(({ registerTime: _r, deregisterTime: _d, ...instance }) => instance);
  }

  /**
   * Registers an instance unless its name, or its IAM ARN among registered instances, is taken.
   * The check and the insert share a transaction; a racing insert of the same name still fails
   * on the primary key, and is reported as `nameTaken`.
   */
  async register(instance: NewInstance): Promise<RegisterOutcome> {
    try {
      return await this.#db.transaction().execute(async (trx) => {
        const conflict = await this.#conflictOf(trx, instance);
        if (conflict) return conflict;
        await trx.insertInto('instances').values({
          instance_name: instance.instanceName,
          instance_arn: instance.instanceArn,
          iam_session_arn: instance.iamSessionArn ?? null,
          iam_user_arn: instance.iamUserArn ?? null,
          register_time: this.#clock.now(),
          deregister_time: null,
        }).execute();
        return 'registered';
      });
    } catch (err) {
      if (await this.#exists(instance.instanceName)) return 'nameTaken';
      throw err;
    }
  }

  /**
   * The registered instance whose IAM user or session ARN is `hostIdentifier`: how host agents
   * identify themselves in the host-command protocol.
   */
  async findByHostIdentifier(hostIdentifier: string): Promise<string | undefined> {
    const row = await this.#db.selectFrom('instances').select('instance_name')
      .where('deregister_time', 'is', null)
      .where((eb) => eb.or([eb('iam_user_arn', '=', hostIdentifier), eb('iam_session_arn', '=', hostIdentifier)]))
      .executeTakeFirst();
    return row?.instance_name;
  }

  /**
   * Marks an instance deregistered, keeping its record and tags. Deregistering twice keeps the
   * first time. Returns false when no instance has that name.
   */
  async deregister(instanceName: string): Promise<boolean> {
    await this.#db.updateTable('instances').set({ deregister_time: this.#clock.now() })
      .where('instance_name', '=', instanceName).where('deregister_time', 'is', null).execute();
    return this.#exists(instanceName);
  }

  /** One instance, registered or not, or undefined. */
  async get(instanceName: string): Promise<InstanceRecord | undefined> {
    return (await this.batchGet([instanceName]))[0];
  }

  /** The named instances that exist, in name order; unknown names are skipped. */
  async batchGet(instanceNames: readonly string[]): Promise<InstanceRecord[]> {
    if (instanceNames.length === 0) return [];
    const rows = await this.#db.selectFrom('instances').selectAll()
      .where('instance_name', 'in', [...instanceNames]).orderBy('instance_name').execute();
    return this.#withTags(rows);
  }

  /**
   * One page of instance names in name order, filtered by registration status and by tag filters
   * (ORed). Tag filters are applied in memory over the instances after the position, since a
   * fleet is at most a few thousand instances and filter semantics live in core.
   */
  async list(options: InstanceListOptions): Promise<string[]> {
    let query = this.#db.selectFrom('instances').selectAll().orderBy('instance_name');
    if (options.after !== undefined) query = query.where('instance_name', '>', options.after);
    if (options.registrationStatus === 'Registered') query = query.where('deregister_time', 'is', null);
    if (options.registrationStatus === 'Deregistered') query = query.where('deregister_time', 'is not', null);
    if (!options.tagFilters?.length) {
      return (await query.limit(options.limit).execute()).map((r) => r.instance_name);
    }
    const instances = await this.#withTags(await query.execute());
    return selectInstances(instances, { tagFilters: options.tagFilters }).slice(0, options.limit).map((i) => i.instanceName);
  }

  /**
   * Adds (or overwrites, by key) tags on every named instance, all or nothing. Refused when a name
   * is not a registered instance or when an instance would end up with more than `maxTags` tags.
   */
  async addTags(options: { instanceNames: readonly string[]; tags: readonly InstanceTag[]; maxTags: number }): Promise<TagChangeOutcome> {
    return this.#db.transaction().execute(async (trx) => {
      const missing = await this.#notRegistered(trx, options.instanceNames);
      if (missing.length > 0) return { ok: false, notRegistered: missing };
      const keys = [...new Set(options.tags.map((t) => t.Key))];
      for (const name of options.instanceNames) {
        const existing = await trx.selectFrom('instance_tags').select('tag_key').where('instance_name', '=', name).execute();
        const merged = new Set([...existing.map((r) => r.tag_key), ...keys]);
        if (merged.size > options.maxTags) return { ok: false, overLimit: name };
      }
      for (const name of options.instanceNames) await this.#putTags(trx, name, options.tags);
      return { ok: true };
    });
  }

  /**
   * Removes tags from every named instance. A tag is removed when its key matches and, if the
   * request gives a Value, its value matches too. Refused when a name is not registered.
   */
  async removeTags(options: { instanceNames: readonly string[]; tags: readonly { Key: string; Value?: string }[] }): Promise<TagChangeOutcome> {
    return this.#db.transaction().execute(async (trx) => {
      const missing = await this.#notRegistered(trx, options.instanceNames);
      if (missing.length > 0) return { ok: false, notRegistered: missing };
      for (const tag of options.tags) {
        let query = trx.deleteFrom('instance_tags')
          .where('instance_name', 'in', [...options.instanceNames]).where('tag_key', '=', tag.Key);
        if (tag.Value !== undefined) query = query.where('tag_value', '=', tag.Value);
        await query.execute();
      }
      return { ok: true };
    });
  }

  async #conflictOf(trx: Transaction<Database>, instance: NewInstance): Promise<RegisterOutcome | undefined> {
    if (await this.#exists(instance.instanceName, trx)) return 'nameTaken';
    if (instance.iamSessionArn && await this.#arnInUse(trx, 'iam_session_arn', instance.iamSessionArn)) return 'iamSessionArnTaken';
    if (instance.iamUserArn && await this.#arnInUse(trx, 'iam_user_arn', instance.iamUserArn)) return 'iamUserArnTaken';
    return undefined;
  }

  async #arnInUse(trx: Transaction<Database>, column: 'iam_session_arn' | 'iam_user_arn', arn: string): Promise<boolean> {
    const row = await trx.selectFrom('instances').select('instance_name')
      .where(column, '=', arn).where('deregister_time', 'is', null).executeTakeFirst();
    return row !== undefined;
  }

  async #exists(instanceName: string, db: Kysely<Database> = this.#db): Promise<boolean> {
    const row = await db.selectFrom('instances').select('instance_name').where('instance_name', '=', instanceName).executeTakeFirst();
    return row !== undefined;
  }

  async #notRegistered(trx: Transaction<Database>, names: readonly string[]): Promise<string[]> {
    const rows = await trx.selectFrom('instances').select('instance_name')
      .where('instance_name', 'in', [...names]).where('deregister_time', 'is', null).execute();
    const registered = new Set(rows.map((r) => r.instance_name));
    return [...new Set(names)].filter((n) => !registered.has(n));
  }

  async #putTags(trx: Transaction<Database>, instanceName: string, tags: readonly InstanceTag[]): Promise<void> {
    // Delete-then-insert overwrites by key on both dialects without dialect-specific upserts;
    // the last value given for a repeated key wins.
    const byKey = new Map(tags.map((t) => [t.Key, t.Value]));
    await trx.deleteFrom('instance_tags')
      .where('instance_name', '=', instanceName).where('tag_key', 'in', [...byKey.keys()]).execute();
    await trx.insertInto('instance_tags')
      .values([...byKey].map(([key, value]) => ({ instance_name: instanceName, tag_key: key, tag_value: value }))).execute();
  }

  async #withTags(rows: InstanceRow[]): Promise<InstanceRecord[]> {
    if (rows.length === 0) return [];
    // A whole fleet would exceed the dialects' bound-parameter limits; read every tag instead.
    let query = this.#db.selectFrom('instance_tags').selectAll().orderBy('tag_key');
    if (rows.length <= MAX_IN_LIST) query = query.where('instance_name', 'in', rows.map((r) => r.instance_name));
    const tags = await query.execute();
    const byInstance = new Map<string, InstanceTag[]>();
    for (const t of tags) {
      const list = byInstance.get(t.instance_name) ?? [];
      list.push({ Key: t.tag_key, Value: t.tag_value });
      byInstance.set(t.instance_name, list);
    }
    return rows.map((r) => toRecord(r, byInstance.get(r.instance_name) ?? []));
  }
}

function toRecord(row: InstanceRow, tags: InstanceTag[]): InstanceRecord {
  return {
    instanceName: row.instance_name,
    instanceArn: row.instance_arn,
    iamSessionArn: row.iam_session_arn ?? undefined,
    iamUserArn: row.iam_user_arn ?? undefined,
    registerTime: row.register_time,
    deregisterTime: row.deregister_time ?? undefined,
    tags,
  };
}
