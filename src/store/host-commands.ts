import { sql, type Kysely, type Transaction } from 'kysely';
import type { Clock } from '../core/clock.ts';
import type { Database } from './schema.ts';

/**
 * Where a host command stands, as the command protocol's DeploymentCommandStatus spells it:
 * * `Pending` - created by the engine, not yet delivered to the host.
 * * `InProgress` - delivered by PollHostCommand (and possibly acknowledged); the host is on it.
 * * `Succeeded` / `Failed` - completed by PutHostCommandComplete (the first completion wins).
 */
export type HostCommandStatus = 'Pending' | 'InProgress' | 'Succeeded' | 'Failed';

/** One lifecycle event handed to one host (times in epoch ms). */
export interface HostCommand {
  hostCommandId: string;
  deploymentId: string;
  instanceName: string;
  commandName: string;
  status: HostCommandStatus;
  nonce: number;
  createTime: number;
  dispatchTime?: number;
  acknowledgeTime?: number;
  completeTime?: number;
  /** The Diagnostics envelope payload the host sent with its completion, as sent. */
  diagnostics?: string;
  /** How long the host said the event may take (Cutover's agent declares it when acknowledging). */
  timeoutSeconds?: number;
}

/** A command for the engine to create. */
export type NewHostCommand = Pick<HostCommand, 'hostCommandId' | 'deploymentId' | 'instanceName' | 'commandName'>;

type Row = Database['host_commands'];

/**
 * HostCommandStore keeps host commands. It guarantees at most one outstanding command per host:
 * a command is delivered only while none of the host's others is InProgress, and delivery is a
 * conditional update, so two servers never deliver the same command.
 */
export class HostCommandStore {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;

  constructor(options: { db: Kysely<Database>; clock: Clock }) {
    this.#db = options.db;
    this.#clock = options.clock;
  }

  /** Inserts new commands inside the caller's transaction (the engine's deployment update). */
  async insertIn(trx: Transaction<Database>, commands: readonly NewHostCommand[]): Promise<void> {
    if (commands.length === 0) return;
    const now = this.#clock.now();
    await trx.insertInto('host_commands').values(commands.map((c, i) => ({
      host_command_id: c.hostCommandId, deployment_id: c.deploymentId, instance_name: c.instanceName,
      command_name: c.commandName, status: 'Pending', nonce: now * 1000 + i, create_time: now,
      dispatch_time: null, acknowledge_time: null, complete_time: null, diagnostics: null, timeout_seconds: null, log: null,
    }))).execute();
  }

  /** A command by id. */
  async get(hostCommandId: string): Promise<HostCommand | undefined> {
    const row = await this.#db.selectFrom('host_commands').selectAll().where('host_command_id', '=', hostCommandId).executeTakeFirst();
    return row && commandFromRow(row);
  }

  /** Every command of a deployment, oldest first. */
  async forDeployment(deploymentId: string): Promise<HostCommand[]> {
    const rows = await this.#db.selectFrom('host_commands').selectAll().where('deployment_id', '=', deploymentId)
      .orderBy('create_time').orderBy('nonce').execute();
    return rows.map(commandFromRow);
  }

  /** Instance names that have a command not yet completed (Pending or InProgress). */
  async busyInstances(): Promise<Set<string>> {
    const rows = await this.#db.selectFrom('host_commands').select('instance_name')
      .where('status', 'in', ['Pending', 'InProgress']).distinct().execute();
    return new Set(rows.map((r) => r.instance_name));
  }

  /**
   * Delivers the host's next command: the oldest Pending one, unless another is already
   * InProgress. A command delivered `redeliverAfterMs` ago and never acknowledged is delivered
   * again: the answer to that poll was lost (a server crash, a dropped connection), since an
   * agent acknowledges within moments of receiving a command. Returns undefined when there is
   * nothing to deliver.
   */
  async claimNext(instanceName: string, redeliverAfterMs = Number.POSITIVE_INFINITY): Promise<HostCommand | undefined> {
    const rows = await this.#db.selectFrom('host_commands').selectAll().where('instance_name', '=', instanceName)
      .where('status', 'in', ['Pending', 'InProgress']).orderBy('create_time').orderBy('nonce').execute();
    const next = rows[0];
    if (!next) return undefined;
    const now = this.#clock.now();
    const lost = next.status === 'InProgress' && next.acknowledge_time === null && now - (next.dispatch_time ?? now) >= redeliverAfterMs;
    if (next.status !== 'Pending' && !lost) return undefined;
    const result = await this.#db.updateTable('host_commands').set({ status: 'InProgress', dispatch_time: now })
      .where('host_command_id', '=', next.host_command_id).where('status', '=', next.status)
      .where('dispatch_time', next.dispatch_time === null ? 'is' : '=', next.dispatch_time).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return undefined;
    return commandFromRow({ ...next, status: 'InProgress', dispatch_time: now });
  }

  /** Records the host's acknowledgement (and the event timeout it declared, if any). */
  async acknowledge(hostCommandId: string, timeoutSeconds?: number): Promise<HostCommand | undefined> {
    await this.#db.updateTable('host_commands')
      .set({ acknowledge_time: this.#clock.now(), timeout_seconds: timeoutSeconds ?? null })
      .where('host_command_id', '=', hostCommandId).where('acknowledge_time', 'is', null).execute();
    return this.get(hostCommandId);
  }

  /**
   * Completes a command. Idempotent: only the first completion is kept (the official agent
   * sends a second one after a failure). Returns true when this call completed it.
   */
  async complete(hostCommandId: string, status: 'Succeeded' | 'Failed', diagnostics: string | undefined): Promise<boolean> {
    const result = await this.#db.updateTable('host_commands')
      .set({ status, complete_time: this.#clock.now(), diagnostics: diagnostics ?? null })
      .where('host_command_id', '=', hostCommandId).where('status', 'in', ['Pending', 'InProgress']).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /**
   * Ends commands the engine gave up on (timeouts, stops) so that the host is free for its
   * next command; a late completion from the host is then ignored.
   */
  async abandonIn(trx: Transaction<Database>, hostCommandIds: readonly string[], diagnostics: string): Promise<void> {
    if (hostCommandIds.length === 0) return;
    await trx.updateTable('host_commands').set({ status: 'Failed', complete_time: this.#clock.now(), diagnostics })
      .where('host_command_id', 'in', [...hostCommandIds]).where('status', 'in', ['Pending', 'InProgress']).execute();
  }

  /** Appends to a command's full script log (uploaded by Cutover's agent; beyond AWS). */
  async appendLog(hostCommandId: string, text: string): Promise<void> {
    // Concatenated in SQL so that concurrent uploads never lose a chunk.
    await this.#db.updateTable('host_commands').set({ log: sql<string>`coalesce(log, '') || ${text}` })
      .where('host_command_id', '=', hostCommandId).execute();
  }

  /**
   * The full script logs of a deployment's commands, optionally for one instance, oldest
   * first, with whether each command has completed (so a follower knows when to stop).
   */
  async logs(deploymentId: string, instanceName?: string): Promise<CommandLog[]> {
    let query = this.#db.selectFrom('host_commands').select(['host_command_id', 'instance_name', 'command_name', 'log', 'status'])
      .where('deployment_id', '=', deploymentId).where('log', 'is not', null);
    if (instanceName) query = query.where('instance_name', '=', instanceName);
    const rows = await query.orderBy('create_time').orderBy('nonce').execute();
    return rows.map((r) => ({
      hostCommandId: r.host_command_id, instanceName: r.instance_name, commandName: r.command_name,
      log: r.log ?? '', complete: r.status === 'Succeeded' || r.status === 'Failed',
    }));
  }
}

/** One command's uploaded script log. */
export interface CommandLog {
  hostCommandId: string;
  instanceName: string;
  commandName: string;
  log: string;
  complete: boolean;
}

function commandFromRow(row: Row): HostCommand {
  return {
    hostCommandId: row.host_command_id,
    deploymentId: row.deployment_id,
    instanceName: row.instance_name,
    commandName: row.command_name,
    status: row.status as HostCommandStatus,
    nonce: row.nonce,
    createTime: row.create_time,
    dispatchTime: row.dispatch_time ?? undefined,
    acknowledgeTime: row.acknowledge_time ?? undefined,
    completeTime: row.complete_time ?? undefined,
    diagnostics: row.diagnostics ?? undefined,
    timeoutSeconds: row.timeout_seconds ?? undefined,
  };
}
