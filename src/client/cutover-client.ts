import { callJsonRpc, type JsonRpcOptions } from './json-rpc.ts';
import type { Connection } from './connection.ts';

/** One lifecycle event's full script log, as GetDeploymentLogs returns it. */
export interface EventLog {
  instanceName: string;
  lifecycleEventName: string;
  log: string;
  complete: boolean;
}

/** What GetServerInfo answers. */
export interface ServerInfo {
  accountId: string;
  region: string;
  /** PEM certificate deployment specifications are signed with. */
  specificationCertificate: string;
}

/** An agent key as CreateAgentKey returns it, secret included. */
export interface AgentKey {
  accessKeyId: string;
  secretAccessKey: string;
  role: 'agent';
  instanceName: string;
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

  /** What a tool setting up a host needs from the server: account id, region, signing certificate. */
  async getServerInfo(): Promise<ServerInfo> {
    return this.#call('GetServerInfo', {});
  }

  /** Creates an `agent` key bound to a registered instance (admin only); its secret is shown once. */
  async createAgentKey(instanceName: string, description?: string): Promise<AgentKey> {
    return this.#call('CreateAgentKey', { instanceName, description });
  }

  async #call(operation: string, input: unknown): Promise<any> {
    const response = await callJsonRpc(this.#rpc, operation, input);
    if (response.status !== 200) {
      throw new ApiError(response.errorType ?? 'UnknownError', response.status, response.body?.message ?? response.raw);
    }
    return response.body;
  }
}
