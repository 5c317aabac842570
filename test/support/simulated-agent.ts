import { callJsonRpc, type JsonRpcOptions } from '../../src/client/json-rpc.ts';

/** The host-command service as a simulated agent calls it. */
const COMMANDS = { service: 'codedeploy-commands', targetPrefix: 'CodeDeployCommandService_v20141006' } as const;

const SUCCESS = { Format: 'JSON', Payload: JSON.stringify({ error_code: 0, script_name: '', message: 'Succeeded: ', log: '' }) };

/**
 * A SimulatedAgent speaks the host-command protocol over real HTTP like an agent whose hooks
 * all succeed at once: poll, fetch the specification, acknowledge, complete. Cheap enough to
 * run hundreds in one process, so the benchmark measures the server, not the hosts.
 */
export class SimulatedAgent {
  readonly hostIdentifier: string;
  #rpc: JsonRpcOptions;
  #running = false;
  #loop?: Promise<void>;
  commandsRun = 0;
  errors = 0;
  /** Names of the commands this agent executed, in order. */
  readonly executed: string[] = [];

  constructor(options: { endpoint: string; credentials: JsonRpcOptions['credentials']; hostIdentifier: string }) {
    this.hostIdentifier = options.hostIdentifier;
    this.#rpc = { endpoint: options.endpoint, credentials: options.credentials, ...COMMANDS };
  }

  /** Points the agent at another endpoint (a restarted server on a new port). */
  set endpoint(endpoint: string) {
    this.#rpc = { ...this.#rpc, endpoint };
  }

  /** Starts polling in the background. */
  start(): void {
    this.#running = true;
    this.#loop = this.#run();
  }

  /** Stops after the current poll returns. */
  async stop(): Promise<void> {
    this.#running = false;
    await this.#loop;
  }

  async #run(): Promise<void> {
    while (this.#running) {
      try {
        await this.#once();
      } catch {
        // A real agent backs off too; the server may be restarting.
        this.errors += 1;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  async #once(): Promise<void> {
    const poll = await callJsonRpc(this.#rpc, 'PollHostCommand', { HostIdentifier: this.hostIdentifier });
    if (poll.status !== 200) throw new Error(poll.raw);
    const command = poll.body.HostCommand;
    if (!command) return;
    await this.#call('GetDeploymentSpecification', { DeploymentExecutionId: command.DeploymentExecutionId, HostIdentifier: this.hostIdentifier });
    // Acknowledgement and completion are retried until the server answers, as the real agents'
    // SDK retries do: a server killed after recording one but before answering must not leave
    // the command acknowledged on the server and forgotten by the host.
    const ack = await this.#callUntilAnswered('PutHostCommandAcknowledgement', { HostCommandIdentifier: command.HostCommandIdentifier });
    if (ack.CommandStatus !== 'InProgress') return;
    this.executed.push(`${command.CommandName}`);
    await this.#callUntilAnswered('PutHostCommandComplete', { HostCommandIdentifier: command.HostCommandIdentifier, CommandStatus: 'Succeeded', Diagnostics: SUCCESS });
    this.commandsRun += 1;
  }

  async #callUntilAnswered(operation: string, input: unknown): Promise<any> {
    for (;;) {
      try {
        return await this.#call(operation, input);
      } catch {
        if (!this.#running) throw new Error(`${operation}: the agent stopped`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  async #call(operation: string, input: unknown): Promise<any> {
    const response = await callJsonRpc(this.#rpc, operation, input);
    if (response.status !== 200) throw new Error(`${operation}: ${response.raw}`);
    return response.body;
  }
}
