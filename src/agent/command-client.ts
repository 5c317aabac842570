import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { signRequest } from '../client/sign-request.ts';
import type { CredentialSource } from './credentials.ts';
import type { SpecificationEnvelope } from './specification.ts';

/** Sent as `x-amz-codedeploy-agent-version`, where the official agent sends `OFFICIAL_<version>`. */
export const AGENT_VERSION = 'CUTOVER_0.1.0';
/** The official agent's HTTP read timeout: the server long-polls for less than this. */
export const DEFAULT_READ_TIMEOUT_MS = 80_000;

const TARGET_PREFIX = 'CodeDeployCommandService_v20141006';
const SIGNING_NAME = 'codedeploy-commands';

/** A command handed to the host by PollHostCommand (member names are the wire's). */
export interface HostCommand {
  HostCommandIdentifier: string;
  HostIdentifier: string;
  DeploymentExecutionId: string;
  CommandName: string;
  Nonce?: number;
}

/** What GetDeploymentSpecification answers. */
export interface SpecificationAnswer {
  DeploymentSystem?: string;
  DeploymentSpecification?: { GenericEnvelope?: SpecificationEnvelope };
}

/** A failed call: an error answer from the server, or no answer at all (`status` 0). */
export class CommandServiceError extends Error {
  override name = 'CommandServiceError';
  readonly status: number;
  readonly errorType: string | undefined;

  constructor(message: string, options: { status: number; errorType?: string; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.status = options.status;
    this.errorType = options.errorType;
  }

  /** Worth retrying: no answer, a server error, or throttling (what the SDKs retry). */
  get retryable(): boolean {
    return this.status === 0 || this.status >= 500 || this.errorType === 'ThrottlingException';
  }
}

/**
 * The agent's side of the host-command protocol (host-agent.md §1.2): SigV4-signed AWS JSON 1.1
 * calls to `CodeDeployCommandService_v20141006`, with a read timeout so that a dead connection
 * never hangs the agent, and an abort signal so that shutdown can end a long poll at once.
 */
export class CommandClient {
  readonly #endpoint: URL;
  readonly #region: string;
  readonly #credentials: CredentialSource;
  readonly #readTimeoutMs: number;

  constructor(options: { endpoint: string; region: string; credentials: CredentialSource; readTimeoutMs?: number }) {
    this.#endpoint = new URL('/', options.endpoint);
    this.#region = options.region;
    this.#credentials = options.credentials;
    this.#readTimeoutMs = options.readTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS;
  }

  /** PollHostCommand: the next command, or undefined when the poll ended empty. */
  async poll(hostIdentifier: string, signal?: AbortSignal): Promise<HostCommand | undefined> {
    const answer = await this.#call('PollHostCommand', { HostIdentifier: hostIdentifier }, signal) as { HostCommand?: HostCommand | null };
    return answer.HostCommand ?? undefined;
  }

  /** GetDeploymentSpecification for a command's DeploymentExecutionId. */
  async getSpecification(deploymentExecutionId: string, hostIdentifier: string): Promise<SpecificationAnswer> {
    return await this.#call('GetDeploymentSpecification', { DeploymentExecutionId: deploymentExecutionId, HostIdentifier: hostIdentifier }) as SpecificationAnswer;
  }

  /** PutHostCommandAcknowledgement; returns the CommandStatus the server answers. */
  async acknowledge(hostCommandId: string, payload: { IsCommandNoop: boolean; TimeoutSeconds?: number }): Promise<string | undefined> {
    const answer = await this.#call('PutHostCommandAcknowledgement', {
      HostCommandIdentifier: hostCommandId, Diagnostics: { Format: 'JSON', Payload: JSON.stringify(payload) },
    }) as { CommandStatus?: string };
    return answer.CommandStatus;
  }

  /** PutHostCommandComplete with a JSON diagnostics payload. */
  async complete(hostCommandId: string, status: 'Succeeded' | 'Failed', diagnosticsPayload: string): Promise<void> {
    await this.#call('PutHostCommandComplete', {
      HostCommandIdentifier: hostCommandId, CommandStatus: status, Diagnostics: { Format: 'JSON', Payload: diagnosticsPayload },
    });
  }

  /** PutHostCommandLog (a Cutover extension): appends a chunk of the command's full log. */
  async uploadLog(hostCommandId: string, chunk: string): Promise<void> {
    await this.#call('PutHostCommandLog', { HostCommandIdentifier: hostCommandId, Log: chunk });
  }

  async #call(operation: string, input: unknown, signal?: AbortSignal): Promise<unknown> {
    const body = Buffer.from(JSON.stringify(input));
    const headers = signRequest({
      method: 'POST', url: this.#endpoint, body,
      headers: {
        host: this.#endpoint.host, 'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `${TARGET_PREFIX}.${operation}`, 'x-amz-codedeploy-agent-version': AGENT_VERSION,
      },
    }, { credentials: this.#credentials.get(), region: this.#region, service: SIGNING_NAME });
    const response = await this.#send(headers, body, operation, signal);
    return answerOf(operation, response);
  }

  #send(headers: Record<string, string>, body: Buffer, operation: string, signal?: AbortSignal): Promise<{ status: number; errorType?: string; text: string }> {
    const send = this.#endpoint.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const fail = (err: Error) => reject(new CommandServiceError(`${operation}: ${err.message}`, { status: 0, cause: err }));
      const req = send(this.#endpoint, {
        method: 'POST', headers: { ...headers, 'content-length': String(body.length) }, timeout: this.#readTimeoutMs, signal,
      }, (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, errorType: headerOf(res, 'x-amzn-errortype'), text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', fail);
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.#readTimeoutMs} ms`)));
      req.on('error', fail);
      req.end(body);
    });
  }
}

function answerOf(operation: string, response: { status: number; errorType?: string; text: string }): unknown {
  let json: Record<string, unknown> = {};
  try {
    json = response.text ? JSON.parse(response.text) : {};
  } catch {
    if (response.status === 200) throw new CommandServiceError(`${operation}: the answer is not JSON`, { status: response.status });
  }
  if (response.status === 200) return json ?? {};
  // The SDKs strip everything up to '#' from the error type; so does the agent.
  const errorType = (response.errorType ?? String(json.__type ?? 'UnknownError')).replace(/^.*#/, '').split(':')[0];
  const message = String(json.message ?? json.Message ?? response.text.slice(0, 500));
  throw new CommandServiceError(`${operation}: ${errorType}: ${message}`, { status: response.status, errorType });
}

function headerOf(res: IncomingMessage, name: string): string | undefined {
  const value = res.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
