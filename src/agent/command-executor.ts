import type { Clock } from '../core/clock.ts';
import { runDownloadBundle, type BundleLimits, type S3Options } from './bundle/index.ts';
import {
  HOOK_ERROR_CODES, readHookScripts, runHookEvent, selectHookRevision, successDiagnostics, unknownErrorDiagnostics,
  type HookDiagnostics, type HookRunnerOptions,
} from './hooks/index.ts';
import { runInstall } from './install/index.ts';
import type { DeploymentRootLayout } from './layout.ts';
import { CommandLog, type AgentLog } from './command-log.ts';
import { hookDeploymentOf, type DeploymentSpecification } from './specification.ts';

/** The lifecycle events whose work is the appspec's hook scripts. */
export const HOOK_EVENTS: ReadonlySet<string> = new Set([
  'BeforeBlockTraffic', 'AfterBlockTraffic', 'ApplicationStop', 'BeforeInstall', 'AfterInstall',
  'ApplicationStart', 'ValidateService', 'BeforeAllowTraffic', 'AfterAllowTraffic',
]);

/** What the agent declares when acknowledging a command. */
export interface CommandPlan {
  /** Nothing will run: no scripts for the event, or a command this agent does not know. */
  noop: boolean;
  /** The sum of the event's script timeouts, when it has scripts (a Cutover extension of the ack). */
  timeoutSeconds?: number;
}

/** How a command ended: the completion's status and diagnostics, and the full log to upload. */
export interface CommandOutcome {
  status: 'Succeeded' | 'Failed';
  diagnostics: HookDiagnostics;
  /** Every timestamped log line of the command (`''` when there is nothing to upload). */
  fullLog: string;
}

/** What the executor needs from the agent's configuration. */
export interface ExecutorSettings {
  layout: DeploymentRootLayout;
  maxRevisions: number;
  bundleLimits: BundleLimits;
  /** S3 settings, read per command so that refreshed credentials are used. */
  s3: () => S3Options;
  /** Hook runner options, read per command (the secrets to keep out of hooks change with credentials). */
  hookOptions: () => HookRunnerOptions;
  log: AgentLog;
  clock?: Clock;
}

/**
 * Runs one lifecycle command on this host: DownloadBundle (`runDownloadBundle`), Install
 * (`runInstall`), or a hook event (`runHookEvent`). Anything else, BlockTraffic and AllowTraffic
 * included, fails with the official `Unsupported command type: X.` (error code 5).
 */
export class CommandExecutor {
  readonly #settings: ExecutorSettings;

  constructor(settings: ExecutorSettings) {
    this.#settings = settings;
  }

  /**
   * Decides what to acknowledge: DownloadBundle and Install are never no-ops; a hook event is
   * one when the selected revision has no scripts for it (or there is no revision to run from);
   * an unknown command is one, as for the official agent. Throws when the appspec cannot be read:
   * the command then fails without an acknowledgement, as with the official agent.
   */
  async plan(commandName: string, spec: DeploymentSpecification): Promise<CommandPlan> {
    if (commandName === 'DownloadBundle' || commandName === 'Install') return { noop: false };
    if (!HOOK_EVENTS.has(commandName)) return { noop: true };
    const deployment = hookDeploymentOf(spec);
    const revision = await selectHookRevision({ layout: this.#settings.layout, event: commandName, deployment });
    if (!revision) return { noop: true };
    const scripts = (await readHookScripts(revision.archiveDir, spec.appSpecFilename)).get(commandName) ?? [];
    if (scripts.length === 0) return { noop: true };
    return { noop: false, timeoutSeconds: scripts.reduce((sum, s) => sum + (s.timeoutSeconds ?? 3600), 0) };
  }

  /** Runs the command; never throws (every failure becomes Failed diagnostics). */
  async execute(commandName: string, spec: DeploymentSpecification): Promise<CommandOutcome> {
    if (HOOK_EVENTS.has(commandName)) return this.#hook(commandName, spec);
    const log = new CommandLog({ clock: this.#settings.clock, forward: this.#settings.log, context: { deploymentId: spec.deploymentId, command: commandName } });
    try {
      if (commandName === 'DownloadBundle') await this.#downloadBundle(spec, log);
      else if (commandName === 'Install') await this.#install(spec, log);
      else throw new Error(`Unsupported command type: ${commandName}.`);
      return { status: 'Succeeded', diagnostics: successDiagnostics(), fullLog: log.text() };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      log.warn(`${commandName} failed: ${message}`);
      return { status: 'Failed', diagnostics: unknownErrorDiagnostics(message), fullLog: log.text() };
    }
  }

  async #downloadBundle(spec: DeploymentSpecification, log: CommandLog): Promise<void> {
    const { layout } = this.#settings;
    log.info(`DownloadBundle: fetching ${describeRevision(spec)} for deployment group ${spec.deploymentGroupId}`);
    await runDownloadBundle({
      layout, groupId: spec.deploymentGroupId, deploymentId: spec.deploymentId, revision: spec.revision,
      s3: this.#settings.s3(), limits: this.#settings.bundleLimits, maxRevisions: this.#settings.maxRevisions,
    });
    log.info(`DownloadBundle: unpacked into ${layout.archiveDir(spec.deploymentGroupId, spec.deploymentId)}`);
  }

  async #install(spec: DeploymentSpecification, log: CommandLog): Promise<void> {
    await runInstall({
      layout: this.#settings.layout, groupId: spec.deploymentGroupId, deploymentId: spec.deploymentId,
      appSpecFilename: spec.appSpecFilename, fileExistsBehavior: spec.fileExistsBehavior, log,
    });
  }

  async #hook(event: string, spec: DeploymentSpecification): Promise<CommandOutcome> {
    const result = await runHookEvent({ layout: this.#settings.layout, event, deployment: hookDeploymentOf(spec), options: this.#settings.hookOptions() });
    if (result.diagnostics.error_code !== HOOK_ERROR_CODES.SUCCEEDED) {
      this.#settings.log.warn({ deploymentId: spec.deploymentId, command: event, diagnostics: result.diagnostics }, `${event} failed: ${result.diagnostics.message}`);
    }
    return { status: result.status, diagnostics: result.diagnostics, fullLog: result.fullLog };
  }
}

function describeRevision(spec: DeploymentSpecification): string {
  const r = spec.revision;
  switch (r.revisionType) {
    case 'S3':
      return `s3://${r.bucket}/${r.key}${r.version ? ` (version ${r.version})` : ''}`;
    case 'GitHub':
      return `GitHub ${r.account}/${r.repository}@${r.commitId}`;
    default:
      return `${r.revisionType} ${r.location}`;
  }
}
