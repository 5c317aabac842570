import { sql, type ExpressionBuilder, type Kysely, type RawBuilder } from 'kysely';
import type { Clock } from '../core/clock.ts';
import { checkRevision, revisionKey, s3KeyPrefix, type RevisionLocation } from '../core/revision.ts';
import type { Database } from './schema.ts';

/** A registered revision with what GenericRevisionInfo reports about it (times in epoch ms). */
export interface RevisionRecord {
  applicationName: string;
  revision: RevisionLocation;
  description?: string;
  deploymentGroups: string[];
  registerTime: number;
  firstUsedTime?: number;
  lastUsedTime?: number;
}

/** The time columns ListApplicationRevisions sorts by. */
export type RevisionSortBy = 'registerTime' | 'firstUsedTime' | 'lastUsedTime';

/** A page position: the sort value and key of the last revision returned. */
export interface RevisionPosition {
  t: number;
  k: string;
}

/** Filters, order and position for list. */
export interface RevisionListOptions {
  applicationName: string;
  sortBy?: RevisionSortBy;
  sortOrder?: 'ascending' | 'descending';
  s3Bucket?: string;
  s3KeyPrefix?: string;
  /** `include`: only revisions used by a deployment; `exclude`: only unused ones; `ignore`: all. */
  deployed?: 'include' | 'exclude' | 'ignore';
  after?: RevisionPosition;
  limit: number;
}

const SORT_COLUMNS = {
  registerTime: 'register_time',
  firstUsedTime: 'first_used_time',
  lastUsedTime: 'last_used_time',
} as const;

/** Attempts at recordUse's optimistic update of the group list before giving up. */
const MAX_RECORD_USE_ATTEMPTS = 20;

type RevisionRow = Database['revisions'];

/**
 * RevisionStore keeps the registry of application revisions. Revisions are keyed by
 * (application, canonical revision key from core/revision.ts); any RevisionLocation passed in is
 * normalised first, so callers may pass what the client sent.
 */
export class RevisionStore {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;

  constructor(options: { db: Kysely<Database>; clock: Clock }) {
    this.#db = options.db;
    this.#clock = options.clock;
  }

  /**
   * Registers a revision now, or, when it is already registered, replaces its description (a
   * re-registration without a description keeps the old one). The registerTime never changes.
   */
  async register(options: { applicationName: string; revision: RevisionLocation; description?: string }): Promise<void> {
    const revision = normalised(options.revision);
    const { description } = options;
    await this.#db.insertInto('revisions').values({
      application_name: options.applicationName,
      revision_key: revisionKey(revision),
      revision: JSON.stringify(revision),
      description: description ?? null,
      register_time: this.#clock.now(),
      first_used_time: null,
      last_used_time: null,
      deployment_groups: '[]',
    }).onConflict((oc) => {
      const target = oc.columns(['application_name', 'revision_key']);
      return description === undefined ? target.doNothing() : target.doUpdateSet({ description });
    }).execute();
  }

  /**
   * Records that a deployment of `deploymentGroupName` used the revision at `time` (epoch ms or a
   * Date): registers the revision if absent (registerTime = time), sets firstUsedTime once,
   * moves lastUsedTime forward, and adds the group to deploymentGroups. Called by CreateDeployment.
   */
  async recordUse(options: { applicationName: string; revision: RevisionLocation; deploymentGroupName: string; time: number | Date }): Promise<void> {
    const revision = normalised(options.revision);
    const key = revisionKey(revision);
    const time = typeof options.time === 'number' ? options.time : options.time.getTime();
    await this.#db.insertInto('revisions').values({
      application_name: options.applicationName, revision_key: key, revision: JSON.stringify(revision),
      description: null, register_time: time, first_used_time: null, last_used_time: null, deployment_groups: '[]',
    }).onConflict((oc) => oc.columns(['application_name', 'revision_key']).doNothing()).execute();
    for (let attempt = 0; attempt < MAX_RECORD_USE_ATTEMPTS; attempt++) {
      if (await this.#tryRecordUse(options.applicationName, key, options.deploymentGroupName, time)) return;
    }
    throw new Error(`recordUse: the revision ${key} of ${options.applicationName} kept changing concurrently`);
  }

  /** One revision of an application, or undefined. */
  async get(applicationName: string, revision: RevisionLocation): Promise<RevisionRecord | undefined> {
    return (await this.batchGet(applicationName, [revision]))[0];
  }

  /** The given revisions of an application, in request order, with undefined for unknown ones. */
  async batchGet(applicationName: string, revisions: readonly RevisionLocation[]): Promise<(RevisionRecord | undefined)[]> {
    if (revisions.length === 0) return [];
    const keys = revisions.map((r) => revisionKey(normalised(r)));
    const rows = await this.#db.selectFrom('revisions').selectAll()
      .where('application_name', '=', applicationName).where('revision_key', 'in', keys).execute();
    const byKey = new Map(rows.map((r) => [r.revision_key, toRecord(r)]));
    return keys.map((k) => byKey.get(k));
  }

  /**
   * One page of an application's revisions, sorted by a time column (unused revisions count as
   * time 0 for the first/last-used sorts) with the revision key breaking ties, plus the position
   * of each returned revision for the next page's token.
   */
  async list(options: RevisionListOptions): Promise<{ revision: RevisionLocation; position: RevisionPosition }[]> {
    const sortValue = sortExpression(options.sortBy ?? 'registerTime');
    const descending = options.sortOrder === 'descending';
    let query = this.#db.selectFrom('revisions').selectAll().select(sortValue.as('sort_value'))
      .where('application_name', '=', options.applicationName);
    if (options.deployed === 'include') query = query.where('first_used_time', 'is not', null);
    if (options.deployed === 'exclude') query = query.where('first_used_time', 'is', null);
    if (options.s3Bucket !== undefined) {
      const prefix = s3KeyPrefix(options.s3Bucket, options.s3KeyPrefix);
      // substr counts characters on both dialects (unlike LIKE, which SQLite folds case for).
      query = query.where(sql<string>`substr(revision_key, 1, ${sql.lit([...prefix].length)})`, '=', prefix);
    }
    if (options.after) query = query.where((eb) => afterPosition(eb, sortValue, options.after!, descending));
    const direction = descending ? 'desc' : 'asc';
    const rows = await query.orderBy(sortValue, direction).orderBy('revision_key', direction).limit(options.limit).execute();
    return rows.map((r) => ({ revision: JSON.parse(r.revision) as RevisionLocation, position: { t: Number(r.sort_value), k: r.revision_key } }));
  }

  async #tryRecordUse(applicationName: string, key: string, group: string, time: number): Promise<boolean> {
    const row = await this.#db.selectFrom('revisions').select('deployment_groups')
      .where('application_name', '=', applicationName).where('revision_key', '=', key).executeTakeFirstOrThrow();
    const groups = JSON.parse(row.deployment_groups) as string[];
    if (!groups.includes(group)) groups.push(group);
    // Conditional on the list read above, so concurrent uses by different groups never drop one.
    const result = await this.#db.updateTable('revisions')
      .set({
        deployment_groups: JSON.stringify(groups),
        first_used_time: sql<number>`coalesce(first_used_time, ${time})`,
        last_used_time: sql<number>`case when last_used_time is null or last_used_time < ${time} then ${time} else last_used_time end`,
      })
      .where('application_name', '=', applicationName).where('revision_key', '=', key)
      .where('deployment_groups', '=', row.deployment_groups).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}

/** Returns true when a decoded nextToken position has the shape list expects. */
export function isRevisionPosition(p: unknown): p is RevisionPosition {
  const q = p as RevisionPosition | null;
  return typeof q === 'object' && q !== null && typeof q.t === 'number' && typeof q.k === 'string';
}

function normalised(revision: RevisionLocation): RevisionLocation {
  const check = checkRevision(revision);
  if (!check.ok) throw new Error(`invalid revision: ${check.message}`);
  return check.revision;
}

function sortExpression(sortBy: RevisionSortBy): RawBuilder<number> {
  const column = SORT_COLUMNS[sortBy];
  return sql<number>`coalesce(${sql.ref(column)}, 0)`;
}

function afterPosition(eb: ExpressionBuilder<Database, 'revisions'>, value: RawBuilder<number>, after: RevisionPosition, descending: boolean) {
  const op = descending ? '<' : '>';
  return eb.or([
    eb(value, op, after.t),
    eb.and([eb(value, '=', after.t), eb('revision_key', op, after.k)]),
  ]);
}

function toRecord(row: RevisionRow): RevisionRecord {
  return {
    applicationName: row.application_name,
    revision: JSON.parse(row.revision) as RevisionLocation,
    description: row.description ?? undefined,
    deploymentGroups: JSON.parse(row.deployment_groups) as string[],
    registerTime: Number(row.register_time),
    firstUsedTime: row.first_used_time ?? undefined,
    lastUsedTime: row.last_used_time ?? undefined,
  };
}
