import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.ts';
import { tagKeyOf } from '../core/arn.ts';
import { MAX_TAGS_PER_RESOURCE } from '../core/limits.ts';
import type { Database } from './schema.ts';

/** A tag as the API carries it. */
export interface ResourceTag {
  Key: string;
  Value: string;
}

/** The key tags of an application are stored under. */
export function applicationTagKey(applicationName: string): string {
  return tagKeyOf({ region: '', account: '', resourceType: 'application', resource: applicationName });
}

/** The key tags of a deployment group are stored under. */
export function deploymentGroupTagKey(applicationName: string, deploymentGroupName: string): string {
  return tagKeyOf({ region: '', account: '', resourceType: 'deploymentgroup', resource: `${applicationName}/${deploymentGroupName}` });
}

/** The key tags of a deployment config are stored under. */
export function deploymentConfigTagKey(deploymentConfigName: string): string {
  return tagKeyOf({ region: '', account: '', resourceType: 'deploymentconfig', resource: deploymentConfigName });
}

/**
 * Adds or overwrites tags on a resource. Takes a database or a transaction, so that other
 * repositories can tag what they create in the same transaction.
 */
export async function putTags(db: Kysely<Database>, key: string, tags: readonly ResourceTag[]): Promise<void> {
  if (tags.length === 0) return;
  // The last value wins when a key repeats in one request, as a map would.
  const rows = [...new Map(tags.map((t) => [t.Key, t.Value])).entries()]
    .map(([tagKey, value]) => ({ resource_arn: key, tag_key: tagKey, tag_value: value }));
  await db.insertInto('resource_tags').values(rows)
    .onConflict((oc) => oc.columns(['resource_arn', 'tag_key']).doUpdateSet((eb) => ({ tag_value: eb.ref('excluded.tag_value') })))
    .execute();
}

/** Removes every tag of the given resources. */
export async function deleteTagsOf(db: Kysely<Database>, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await db.deleteFrom('resource_tags').where('resource_arn', 'in', [...keys]).execute();
}

/** Moves a resource's tags to its new key after a rename. */
export async function moveTags(db: Kysely<Database>, from: string, to: string): Promise<void> {
  await db.updateTable('resource_tags').set({ resource_arn: to }).where('resource_arn', '=', from).execute();
}

/** ResourceTagStore keeps tags on CodeDeploy ARNs, keyed by `tagKeyOf` (ARN without region and account). */
export class ResourceTagStore {
  readonly #db: Kysely<Database>;

  constructor(options: { db: Kysely<Database>; clock: Clock }) {
    this.#db = options.db;
  }

  /** The tags of a resource, sorted by key. */
  async list(key: string): Promise<ResourceTag[]> {
    const rows = await this.#db.selectFrom('resource_tags').select(['tag_key', 'tag_value'])
      .where('resource_arn', '=', key).orderBy('tag_key').execute();
    return rows.map((r) => ({ Key: r.tag_key, Value: r.tag_value }));
  }

  /**
   * Adds or overwrites tags. Returns `limit`, and changes nothing, when the resource would end
   * up with more than MAX_TAGS_PER_RESOURCE tags.
   */
  async tag(key: string, tags: readonly ResourceTag[]): Promise<'tagged' | 'limit'> {
    return this.#db.transaction().execute(async (trx) => {
      const existing = await trx.selectFrom('resource_tags').select('tag_key').where('resource_arn', '=', key).execute();
      const keys = new Set([...existing.map((r) => r.tag_key), ...tags.map((t) => t.Key)]);
      if (keys.size > MAX_TAGS_PER_RESOURCE) return 'limit';
      await putTags(trx, key, tags);
      return 'tagged';
    });
  }

  /** Removes the named tags; keys the resource does not have are ignored. */
  async untag(key: string, tagKeys: readonly string[]): Promise<void> {
    if (tagKeys.length === 0) return;
    await this.#db.deleteFrom('resource_tags').where('resource_arn', '=', key).where('tag_key', 'in', [...tagKeys]).execute();
  }

  /** Removes every tag of a resource. */
  async deleteAll(key: string): Promise<void> {
    await deleteTagsOf(this.#db, [key]);
  }
}
