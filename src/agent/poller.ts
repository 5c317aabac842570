import { SYSTEM_CLOCK, type Clock } from '../core/clock.ts';
import { backoffDelay, sleep, type BackoffSettings } from './backoff.ts';
import { CommandServiceError, type CommandClient, type HostCommand } from './command-client.ts';
import type { CommandExecutor, CommandOutcome } from './command-executor.ts';
import type { AgentLog } from './command-log.ts';
import { recoverInterruptedCommand } from './crash-recovery.ts';
import { diagnosticsPayload, unknownErrorDiagnostics, type HookDiagnostics } from './hooks/index.ts';
import type { DeploymentRootLayout } from './layout.ts';
import { removeTrackingFile, writeTrackingFile } from './ongoing-deployment.ts';
import { withRetry } from './retry.ts';
import { parseSpecificationEnvelope, SpecificationError, type DeploymentSpecification, type SpecificationTrust } from './specification.ts';

/** Characters per PutHostCommandLog call: well under the server's request limit even when escaped. */
export const LOG_CHUNK_CHARS = 256 * 1024;

/** What the poller needs. */
export interface PollerOptions {
  client: CommandClient;
  executor: CommandExecutor;
  layout: DeploymentRootLayout;
  hostIdentifier: string;
  trust: SpecificationTrust;
  backoff: BackoffSettings;
  /** Least time between two polls that came back empty. */
  pollIntervalMs: number;
  log: AgentLog;
  clock?: Clock;
  random?: () => number;
}

/*
 * One command, in the official agent's order (host-agent.md §1.3):
 *
 *   PollHostCommand ──(HostIdentifier not ours)──────────────────────────► dropped
 *        │
 *   GetDeploymentSpecification ──(not CodeDeploy / bad spec / bad appspec)─► Complete Failed (5)
 *        │
 *   PutHostCommandAcknowledgement {IsCommandNoop, TimeoutSeconds}
 *        │ ──(answer Succeeded/Failed: the server gave it up)─────────────► not run
 *        ▼
 *   tracking file ─► execute ─► PutHostCommandLog (chunks) ─► Complete once ─► remove tracking file
 */

/**
 * The agent's main loop: crash recovery, then long-poll for commands and run them one at a
 * time. Errors talking to the server back off with jitter; the calls of a command in hand are
 * retried. `stop()` ends the loop gracefully: an idle poll is cut at once, a running command
 * is finished and reported first.
 */
export class Poller {
  readonly #options: PollerOptions;
  readonly #clock: Clock;
  readonly #stop = new AbortController();
  #running: string | undefined;

  constructor(options: PollerOptions) {
    this.#options = options;
    this.#clock = options.clock ?? SYSTEM_CLOCK;
  }

  /** The command being run, if any (for shutdown messages). */
  get runningCommand(): string | undefined {
    return this.#running;
  }

  /** Runs until {@link stop}; resolves once the loop has ended. */
  async run(): Promise<void> {
    await this.#recover();
    let failures = 0;
    while (!this.#stop.signal.aborted) {
      const started = this.#clock.now();
      try {
        const command = await this.#options.client.poll(this.#options.hostIdentifier, this.#stop.signal);
        failures = 0;
        if (command) await this.#handle(command);
        else await sleep(this.#options.pollIntervalMs - (this.#clock.now() - started), this.#stop.signal);
      } catch (err) {
        if (this.#stop.signal.aborted) break;
        failures++;
        const delayMs = backoffDelay(failures, this.#options.backoff, this.#options.random);
        this.#options.log.warn({ err: (err as Error).message, failures, delayMs }, 'error talking to the server; backing off');
        await sleep(delayMs, this.#stop.signal);
      }
    }
  }

  /** Asks the loop to end: at once when idle, after the running command otherwise. */
  stop(): void {
    this.#stop.abort();
  }

  // Reports a command cut short by the last stop; waits for the server if it is not up yet.
  async #recover(): Promise<void> {
    for (let failures = 1; !this.#stop.signal.aborted; failures++) {
      try {
        await recoverInterruptedCommand({
          layout: this.#options.layout, nowMs: this.#clock.now(), log: this.#options.log,
          report: (command, diagnostics) => this.#reportInterrupted(command.hostCommandId, diagnostics),
        });
        return;
      } catch (err) {
        const delayMs = backoffDelay(failures, this.#options.backoff, this.#options.random);
        this.#options.log.warn({ err: (err as Error).message, delayMs }, 'could not report the interrupted lifecycle event yet; retrying');
        await sleep(delayMs, this.#stop.signal);
      }
    }
  }

  // A refusal (the server no longer knows the command) is final: retrying would never succeed.
  async #reportInterrupted(hostCommandId: string, diagnostics: HookDiagnostics): Promise<void> {
    try {
      await this.#options.client.complete(hostCommandId, 'Failed', diagnosticsPayload(diagnostics));
    } catch (err) {
      if (!(err instanceof CommandServiceError) || err.retryable) throw err;
      this.#options.log.warn({ hostCommandId, err: err.message }, 'the server refused the report of the interrupted lifecycle event; dropping it');
    }
  }

  async #handle(command: HostCommand): Promise<void> {
    const { log, hostIdentifier } = this.#options;
    // The official check: the command's HostIdentifier must be a substring of ours.
    if (!command.HostIdentifier || !hostIdentifier.includes(command.HostIdentifier)) {
      log.warn({ hostCommandId: command.HostCommandIdentifier }, `Host Identifier mismatch: ${command.HostIdentifier} != ${hostIdentifier}`);
      return;
    }
    if (!command.CommandName) {
      log.warn({ hostCommandId: command.HostCommandIdentifier }, 'the command has no CommandName; dropped');
      return;
    }
    this.#running = command.CommandName;
    try {
      await this.#run(command);
    } finally {
      this.#running = undefined;
    }
  }

  async #run(command: HostCommand): Promise<void> {
    const id = command.HostCommandIdentifier;
    const prepared = await this.#prepare(command);
    if ('failure' in prepared) return this.#complete(id, { status: 'Failed', diagnostics: prepared.failure, fullLog: '' });
    const { spec, plan } = prepared;
    const context = { deploymentId: spec.deploymentId, command: command.CommandName, hostCommandId: id };
    const answer = await this.#retry('PutHostCommandAcknowledgement', () => this.#options.client.acknowledge(id, {
      IsCommandNoop: plan.noop, ...(plan.timeoutSeconds ? { TimeoutSeconds: plan.timeoutSeconds } : {}),
    }));
    if (answer === 'Succeeded' || answer === 'Failed') {
      this.#options.log.info({ ...context, answer }, 'the server no longer wants this command; not running it');
      if (answer === 'Failed' && plan.noop) await this.#complete(id, { status: 'Succeeded', diagnostics: noopDiagnostics(), fullLog: '' });
      return;
    }
    const started = this.#clock.now();
    this.#options.log.info(context, `${command.CommandName} started`);
    await writeTrackingFile(this.#options.layout, spec.deploymentId, id);
    const outcome = await this.#options.executor.execute(command.CommandName, spec);
    await this.#uploadLog(id, outcome.fullLog);
    await this.#complete(id, outcome);
    await removeTrackingFile(this.#options.layout, spec.deploymentId);
    this.#options.log.info({ ...context, status: outcome.status, errorCode: outcome.diagnostics.error_code, durationMs: this.#clock.now() - started }, `${command.CommandName} ${outcome.status.toLowerCase()}`);
  }

  // The specification and the plan, or the diagnostics of a failure before execution.
  async #prepare(command: HostCommand): Promise<{ spec: DeploymentSpecification; plan: { noop: boolean; timeoutSeconds?: number } } | { failure: HookDiagnostics }> {
    const { client, hostIdentifier, trust } = this.#options;
    const answer = await this.#retry('GetDeploymentSpecification', () => client.getSpecification(command.DeploymentExecutionId, hostIdentifier));
    try {
      if (answer.DeploymentSystem !== 'CodeDeploy') throw new SpecificationError(`Deployment System mismatch: CodeDeploy != ${answer.DeploymentSystem}`);
      const spec = parseSpecificationEnvelope(answer.DeploymentSpecification?.GenericEnvelope, trust);
      return { spec, plan: await this.#options.executor.plan(command.CommandName, spec) };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.#options.log.error({ hostCommandId: command.HostCommandIdentifier, command: command.CommandName }, `cannot run the command: ${message}`);
      return { failure: unknownErrorDiagnostics(message) };
    }
  }

  async #uploadLog(id: string, fullLog: string): Promise<void> {
    try {
      for (let at = 0; at < fullLog.length; at += LOG_CHUNK_CHARS) {
        const chunk = fullLog.slice(at, at + LOG_CHUNK_CHARS);
        await this.#retry('PutHostCommandLog', () => this.#options.client.uploadLog(id, chunk));
      }
    } catch (err) {
      // The full log is an extension; the completion matters more, so go on without it.
      this.#options.log.warn({ hostCommandId: id, err: (err as Error).message }, 'could not upload the full script log');
    }
  }

  // Exactly one completion per command, unlike the official agent's duplicate after a failure.
  async #complete(id: string, outcome: CommandOutcome): Promise<void> {
    await this.#retry('PutHostCommandComplete', () => this.#options.client.complete(id, outcome.status, diagnosticsPayload(outcome.diagnostics)), 10);
  }

  #retry<T>(what: string, fn: () => Promise<T>, attempts?: number): Promise<T> {
    return withRetry(fn, { backoff: this.#options.backoff, log: this.#options.log, what, random: this.#options.random, ...(attempts ? { attempts } : {}) });
  }
}

function noopDiagnostics(): HookDiagnostics {
  return { error_code: 0, script_name: '', message: 'Succeeded: CompletedNoopCommand', log: '' };
}
