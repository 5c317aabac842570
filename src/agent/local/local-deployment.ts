import { randomInt } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { S3Options } from '../bundle/index.ts';
import { CommandExecutor } from '../command-executor.ts';
import { secretsOf } from '../credentials.ts';
import { runHookEvent, type HookDiagnostics, type HookRunnerOptions } from '../hooks/index.ts';
import { DeploymentRootLayout } from '../layout.ts';
import { hookDeploymentOf, type DeploymentSpecification } from '../specification.ts';
import { resolveLocalBundle } from './bundle-location.ts';
import { localEventsToRun } from './lifecycle-events.ts';
import { readLocalAgentSettings, s3CredentialsFor, type LocalAgentSettings } from './local-config.ts';
import { LocalDeploymentError } from './local-error.ts';
import { loadLocalHooks } from './local-hooks.ts';
import { DeploymentsLog, fileAgentLog } from './local-logs.ts';

/** The flags of a local deployment (`cutover local`), as the official tool names them. */
export interface LocalDeploymentRequest {
  /** Default: the working directory. */
  bundleLocation?: string;
  /** `tgz`, `tar`, `zip` or `directory` (default). */
  type?: string;
  /** `DISALLOW` (default), `OVERWRITE` or `RETAIN`; the appspec's own value wins. */
  fileExistsBehavior?: string;
  /** Directory name under the root, used as the group id (default `default-local-deployment-group`). */
  deploymentGroup?: string;
  deploymentGroupName?: string;
  /** Default: the bundle location. */
  applicationName?: string;
  /** Comma-separated events; default the full default list. */
  events?: string;
  agentConfigurationFile?: string;
  appSpecFilename?: string;
  /** Where relative locations resolve and scripts run (default `process.cwd()`). */
  cwd?: string;
  /** Source of AWS_ENDPOINT_URL_S3 / AWS_REGION (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Called after each event, for progress output. */
  onEvent?: (report: LocalEventReport) => void;
}

/** How one event of a local run went. */
export interface LocalEventReport {
  event: string;
  status: 'Succeeded' | 'Failed' | 'Skipped';
  diagnostics: HookDiagnostics;
  /** The deployment directory whose revision a hook ran (a previous one for ApplicationStop). */
  deploymentDir?: string;
}

/**
 * The end of a local run:
 * * `Succeeded` - every event succeeded (or had nothing to do)
 * * `Failed` - `failed` is the event that stopped the run; later events did not run
 */
export interface LocalDeploymentResult {
  status: 'Succeeded' | 'Failed';
  deploymentId: string;
  deploymentDir: string;
  rootDir: string;
  events: string[];
  failed?: LocalEventReport;
}

/**
 * Runs a bundle on this host without a server, as `codedeploy-local` does (host-agent.md §4):
 * the agent's own DownloadBundle, Install and hook code paths, driven in-process with a
 * specification built from the flags. Input problems (flags, location, event order, a missing
 * configuration file, S3 credentials) throw a {@link LocalDeploymentError} before anything
 * runs; once events run, the first failure ends the run and is returned, not thrown.
 */
export async function runLocalDeployment(request: LocalDeploymentRequest): Promise<LocalDeploymentResult> {
  const cwd = request.cwd ?? process.cwd();
  const env = request.env ?? process.env;
  const settings = readLocalAgentSettings(request.agentConfigurationFile);
  const location = request.bundleLocation ?? cwd;
  const bundle = resolveLocalBundle({ location, type: request.type ?? 'directory', cwd, ...(request.appSpecFilename ? { appSpecFilename: request.appSpecFilename } : {}) });
  const events = localEventsToRun(request.events);
  const spec: DeploymentSpecification = {
    deploymentId: newLocalDeploymentId(),
    deploymentGroupId: groupIdOf(request.deploymentGroup),
    deploymentGroupName: request.deploymentGroupName ?? 'LocalFleet',
    applicationName: request.applicationName ?? location,
    deploymentCreator: 'user',
    deploymentType: 'IN_PLACE',
    appSpecFilename: request.appSpecFilename ?? 'appspec.yml',
    fileExistsBehavior: fileExistsBehaviorOf(request.fileExistsBehavior),
    revision: bundle.revision,
  };
  const s3 = bundle.revision.revisionType === 'S3' ? await s3Options(settings, env) : undefined;
  return new LocalRun({ settings, spec, events, cwd, s3, ...(request.onEvent ? { onEvent: request.onEvent } : {}), appSpecFilename: request.appSpecFilename }).run();
}

/** `d-` + 9 random `[A-Z0-9]` + `-local`, as the official tool makes them. */
export function newLocalDeploymentId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return `d-${Array.from({ length: 9 }, () => alphabet[randomInt(alphabet.length)]).join('')}-local`;
}

// The group id names a directory under the root: one path segment, never a way out of it.
function groupIdOf(flag: string | undefined): string {
  const id = flag ?? 'default-local-deployment-group';
  if (id === '' || id === '.' || id === '..' || id.includes('/') || id.includes('\0')) {
    throw new LocalDeploymentError(`deployment-group ${id} must be a directory name (no "/", not "." or "..")`);
  }
  return id;
}

function fileExistsBehaviorOf(flag: string | undefined): string {
  const value = (flag ?? 'DISALLOW').toUpperCase();
  if (!['DISALLOW', 'OVERWRITE', 'RETAIN'].includes(value)) {
    throw new LocalDeploymentError(`file-exists-behavior ${flag} is not a valid option. Must be one of DISALLOW,OVERWRITE,RETAIN`);
  }
  return value;
}

// The environment's endpoint wins over the configuration file's, as with the AWS tools.
async function s3Options(settings: LocalAgentSettings, env: NodeJS.ProcessEnv): Promise<S3Options> {
  const endpoint = env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL ?? settings.s3Endpoint;
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? settings.s3Region ?? 'us-east-1';
  return { ...(endpoint ? { endpoint } : {}), region, credentials: await s3CredentialsFor(settings) };
}

interface LocalRunOptions {
  settings: LocalAgentSettings;
  spec: DeploymentSpecification;
  events: string[];
  cwd: string;
  s3: S3Options | undefined;
  appSpecFilename: string | undefined;
  onEvent?: (report: LocalEventReport) => void;
}

/** One local run: the events in order, each logged to the deployments log. */
class LocalRun {
  readonly #options: LocalRunOptions;
  readonly #layout: DeploymentRootLayout;
  readonly #executor: CommandExecutor;
  readonly #hookOptions: HookRunnerOptions;
  readonly #deploymentsLog: DeploymentsLog;

  constructor(options: LocalRunOptions) {
    this.#options = options;
    const { settings, spec } = options;
    mkdirSync(settings.rootDir, { recursive: true });
    this.#layout = new DeploymentRootLayout({ root: settings.rootDir });
    const log = fileAgentLog(settings.logDir && join(settings.logDir, 'codedeploy-local.log'));
    log.info({ deploymentId: spec.deploymentId, events: options.events, config: settings.source }, 'local deployment starting');
    // The S3 keys are secrets: hooks never see a variable whose value holds one.
    this.#hookOptions = { cwd: options.cwd, secrets: secretsOf(options.s3?.credentials), onWarning: (m) => log.warn(m) };
    this.#executor = new CommandExecutor({
      layout: this.#layout, maxRevisions: settings.maxRevisions, bundleLimits: settings.bundleLimits,
      s3: () => options.s3 ?? { region: 'us-east-1' }, hookOptions: () => this.#hookOptions, log,
    });
    this.#deploymentsLog = new DeploymentsLog({ file: this.#layout.deploymentsLog(), deploymentId: spec.deploymentId });
  }

  async run(): Promise<LocalDeploymentResult> {
    const { spec, events } = this.#options;
    const result = {
      deploymentId: spec.deploymentId, deploymentDir: this.#layout.deploymentDir(spec.deploymentGroupId, spec.deploymentId),
      rootDir: this.#layout.root, events,
    };
    for (const event of events) {
      const report = await this.#runEvent(event);
      this.#options.onEvent?.(report);
      if (report.status === 'Failed') return { ...result, status: 'Failed', failed: report };
    }
    return { ...result, status: 'Succeeded' };
  }

  async #runEvent(event: string): Promise<LocalEventReport> {
    const { spec } = this.#options;
    if (event === 'DownloadBundle' || event === 'Install') {
      const outcome = await this.#executor.execute(event, spec);
      this.#deploymentsLog.appendEventLog(outcome.fullLog);
      return { event, status: outcome.status, diagnostics: outcome.diagnostics };
    }
    const result = await runHookEvent({
      layout: this.#layout, event, deployment: hookDeploymentOf(spec), options: this.#hookOptions,
      loadHooks: (dir) => loadLocalHooks(dir, { events: this.#options.events, ...(this.#options.appSpecFilename ? { appSpecFilename: this.#options.appSpecFilename } : {}) }),
    });
    this.#deploymentsLog.appendEventLog(result.fullLog);
    const status = result.status === 'Failed' ? 'Failed' : result.noop ? 'Skipped' : 'Succeeded';
    return { event, status, diagnostics: result.diagnostics, ...(result.deploymentDir ? { deploymentDir: result.deploymentDir } : {}) };
  }
}
