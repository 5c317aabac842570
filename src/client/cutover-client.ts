import { callJsonRpc, type JsonRpcOptions } from './json-rpc.ts';
import type { Connection } from './connection.ts';

/** One lifecycle event's full script log, as GetDeploymentLogs returns it. */
export interface EventLog {
  instanceName: string;
  lifecycleEventName: string;
  log: string;
  complete: boolean;
}

/** An error the server answered with, carrying its AWS error name. */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly type: string;
  readonly status: number;

  constructor(type: string, status: number, message: string) {
    super(message);
    this.type = type;
    this.status = status;
  }
}

/** CutoverClient calls Cutover's own operations (beyond the CodeDeploy API) on a server. */
export class CutoverClient {
  readonly #rpc: JsonRpcOptions;

  constructor(connection: Connection) {
    this.#rpc = { endpoint: connection.endpoint, credentials: connection.credentials, region: connection.region, service: 'codedeploy', targetPrefix: 'Cutover_20261127' };
  }

  /** The uploaded script logs of a deployment, optionally for one instance. */
  async getDeploymentLogs(deploymentId: string, instanceName?: string): Promise<{ deploymentStatus: string; logs: EventLog[] }> {
    return this.#call('GetDeploymentLogs', { deploymentId, instanceName });
  }

  async #call(operation: string, input: unknown): Promise<any> {
    const response = await callJsonRpc(this.#rpc, operation, input);
    if (response.status !== 200) {
      throw new ApiError(response.errorType ?? 'UnknownError', response.status, response.body?.message ?? response.raw);
    }
    return response.body;
  }
}
