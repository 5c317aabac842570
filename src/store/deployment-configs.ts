import type { Kysely, Selectable } from 'kysely';
import type {
  ComputePlatform, DeploymentConfigInfo, MinimumHealthyHosts, TrafficRoutingConfig, ZonalConfig,
} from '@aws-sdk/client-codedeploy';
import type { Clock } from '../core/clock.ts';
import { findPredefinedConfig, isPredefinedConfig, PREDEFINED_CONFIG_NAMES } from '../core/deployment-configs.ts';
import { newResourceId } from '../core/ids.ts';
import { MAX_CUSTOM_DEPLOYMENT_CONFIGS } from '../core/limits.ts';
import { deleteTagsOf, deploymentConfigTagKey } from './resource-tags.ts';
import type { Database } from './schema.ts';

/** What CreateDeploymentConfig stores, already validated. */
export interface NewDeploymentConfig {
  deploymentConfigName: string;
  computePlatform: ComputePlatform;
  minimumHealthyHosts?: MinimumHealthyHosts;
  trafficRoutingConfig?: TrafficRoutingConfig;
  zonalConfig?: ZonalConfig;
}

/** The outcome of a create. */
export type CreateDeploymentConfigResult =
  | { result: 'created'; deploymentConfigId: string }
  | { result: 'exists' }
  | { result: 'limit' };

/** The outcome of a delete. `missing` is not an error: AWS answers success. */
export type DeleteDeploymentConfigResult = 'deleted' | 'missing' | 'predefined' | 'in-use';

/** The nested settings kept in the `body` column. */
interface ConfigBody {
  minimumHealthyHosts?: MinimumHealthyHosts;
  trafficRoutingConfig?: TrafficRoutingConfig;
  zonalConfig?: ZonalConfig;
}

type ConfigRow = Selectable<Database['deployment_configs']>;

function toInfo(row: ConfigRow): DeploymentConfigInfo {
  const body = JSON.parse(row.body) as ConfigBody;
  return {
    deploymentConfigId: row.deployment_config_id,
    deploymentConfigName: row.deployment_config_name,
    computePlatform: row.compute_platform as ComputePlatform,
    createTime: new Date(row.create_time),
    minimumHealthyHosts: body.minimumHealthyHosts,
    trafficRoutingConfig: body.trafficRoutingConfig,
    zonalConfig: body.zonalConfig,
  };
}

/** DeploymentConfigStore keeps custom deployment configs and answers for the predefined ones too. */
export class DeploymentConfigStore {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;

  constructor(options: { db: Kysely<Database>; clock: Clock }) {
    this.#db = options.db;
    this.#clock = options.clock;
  }

  /**
   * The config named exactly `name` (case-sensitive, see findPredefinedConfig): one of the 17
   * predefined configs or a custom one, as GetDeploymentConfig returns it.
   */
  async find(name: string): Promise<DeploymentConfigInfo | undefined> {
    const predefined = findPredefinedConfig(name);
    if (predefined) return predefined;
    const row = await this.#db.selectFrom('deployment_configs').selectAll()
      .where('deployment_config_name', '=', name).executeTakeFirst();
    return row && toInfo(row);
  }

  /**
   * One keyset page of names: the predefined configs in their fixed order, then the custom
   * ones sorted by name. `after` is the last name of the previous page. Custom names cannot
   * look like predefined ones, so the name alone says where the previous page ended.
   */
  async listNames(options: { after?: string; limit: number }): Promise<string[]> {
    const { after, limit } = options;
    const predefined = after === undefined ? [...PREDEFINED_CONFIG_NAMES]
      : isPredefinedConfig(after) ? PREDEFINED_CONFIG_NAMES.slice(PREDEFINED_CONFIG_NAMES.indexOf(after) + 1) : [];
    const room = limit - predefined.length;
    if (room <= 0) return predefined.slice(0, limit);
    let query = this.#db.selectFrom('deployment_configs').select('deployment_config_name')
      .orderBy('deployment_config_name').limit(room);
    if (after !== undefined && !isPredefinedConfig(after)) query = query.where('deployment_config_name', '>', after);
    const custom = (await query.execute()).map((r) => r.deployment_config_name);
    return [...predefined, ...custom];
  }

  /** Creates a custom config unless the name is taken or the limit is reached. */
  async create(config: NewDeploymentConfig): Promise<CreateDeploymentConfigResult> {
    try {
      return await this.#db.transaction().execute((trx) => this.#insert(trx, config));
    } catch (err) {
      // A concurrent create of the same name loses on the primary key: report it as taken.
      if (await this.find(config.deploymentConfigName)) return { result: 'exists' };
      throw err;
    }
  }

  /** Deletes a custom config and its tags, unless it is predefined or a deployment group uses it. */
  async delete(name: string): Promise<DeleteDeploymentConfigResult> {
    if (isPredefinedConfig(name)) return 'predefined';
    return this.#db.transaction().execute(async (trx) => {
      const inUse = await trx.selectFrom('deployment_groups').select('deployment_group_id')
        .where('deployment_config_name', '=', name).limit(1).executeTakeFirst();
      if (inUse) return 'in-use';
      const result = await trx.deleteFrom('deployment_configs').where('deployment_config_name', '=', name).executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) return 'missing';
      await deleteTagsOf(trx, [deploymentConfigTagKey(name)]);
      return 'deleted';
    });
  }

  async #insert(trx: Kysely<Database>, config: NewDeploymentConfig): Promise<CreateDeploymentConfigResult> {
    const name = config.deploymentConfigName;
    const taken = await trx.selectFrom('deployment_configs').select('deployment_config_name')
      .where('deployment_config_name', '=', name).executeTakeFirst();
    if (taken || isPredefinedConfig(name)) return { result: 'exists' };
    const { count } = await trx.selectFrom('deployment_configs').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    if (Number(count) >= MAX_CUSTOM_DEPLOYMENT_CONFIGS) return { result: 'limit' };
    const body: ConfigBody = {
      minimumHealthyHosts: config.minimumHealthyHosts,
      trafficRoutingConfig: config.trafficRoutingConfig,
      zonalConfig: config.zonalConfig,
    };
    const deploymentConfigId = newResourceId();
    await trx.insertInto('deployment_configs').values({
      deployment_config_name: name,
      deployment_config_id: deploymentConfigId,
      compute_platform: config.computePlatform,
      body: JSON.stringify(body),
      create_time: this.#clock.now(),
    }).execute();
    return { result: 'created', deploymentConfigId };
  }
}
