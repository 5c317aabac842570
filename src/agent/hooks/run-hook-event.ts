import type { DeploymentRootLayout } from '../layout.ts';
import { successDiagnostics, unknownErrorDiagnostics, type HookDiagnostics } from './diagnostics.ts';
import type { HookRunnerOptions } from './hook-runner-options.ts';
import type { HookDeployment, HookScriptsByEvent } from './hook-types.ts';
import { readHookScripts } from './read-hook-scripts.ts';
import { runEventScripts } from './run-event-scripts.ts';
import { selectHookRevision } from './select-hook-revision.ts';

/*
 * One lifecycle event on the host:
 *
 *   selectHookRevision ──(no previous install)──────────────────────────► no-op, Succeeded
 *          │ current, last successful or most recent revision
 *          ▼
 *   loadHooks(archive) ──(appspec missing or invalid)───────────────────► Failed, code 5
 *          │ scripts for the event
 *          ▼
 *   (none) ─────────────────────────────────────────────────────────────► no-op, Succeeded
 *          │
 *          ▼  for each script, in order:
 *   exists? ─no─► code 1    executable? ─no─► chmod +x ─fails─► code 2
 *          │
 *          ▼
 *   run in own process group ─timeout─► SIGTERM group (SIGKILL later) ─► code 3
 *          │ exit
 *          ├─ exit ≠ 0 / could not start ─────────────────────────────────► code 4
 *          ▼
 *   next script … all exited 0 ────────────────────────────────────────────► Succeeded
 */

/** What a hook event needs. */
export interface HookEventRequest {
  layout: DeploymentRootLayout;
  /** The lifecycle event, e.g. `ApplicationStop`; also the appspec hook name. */
  event: string;
  deployment: HookDeployment;
  /**
   * Reads the hooks of an unpacked revision; default: parse `<archive>/<appSpecFilename>` with
   * the appspec parser. It is given the *selected* revision, which may be a previous one.
   */
  loadHooks?: (archiveDir: string) => Promise<HookScriptsByEvent>;
  options?: HookRunnerOptions;
}

/** How a hook event ended. */
export interface HookEventResult {
  status: 'Succeeded' | 'Failed';
  /** True when no script ran: no previous revision to run from, or no scripts for the event. */
  noop: boolean;
  /** The completion's diagnostics (send with `diagnosticsPayload`). */
  diagnostics: HookDiagnostics;
  /** Every timestamped script-log line of this event, for upload (`''` when nothing ran). */
  fullLog: string;
  /** The deployment directory whose revision ran, when one was selected. */
  deploymentDir?: string;
}

/**
 * Runs the scripts of one lifecycle event (host-agent.md §3.1, §3.5) and reports the outcome
 * as diagnostics. Never throws: script failures, appspec errors and unexpected errors alike
 * come back as a Failed result.
 */
export async function runHookEvent(request: HookEventRequest): Promise<HookEventResult> {
  let deploymentDir: string | undefined;
  try {
    const revision = await selectHookRevision(request);
    if (!revision) return noop();
    deploymentDir = revision.deploymentDir;
    const loadHooks = request.loadHooks ?? ((dir: string) => readHookScripts(dir, request.deployment.appSpecFilename));
    const scripts = (await loadHooks(revision.archiveDir)).get(request.event) ?? [];
    if (scripts.length === 0) return { ...noop(), deploymentDir };
    const outcome = await runEventScripts({ event: request.event, scripts, deployment: request.deployment, revision, options: request.options ?? {} });
    const status = outcome.diagnostics.error_code === 0 ? 'Succeeded' : 'Failed';
    return { status, noop: false, ...outcome, deploymentDir };
  } catch (err) {
    return { status: 'Failed', noop: false, diagnostics: unknownErrorDiagnostics((err as Error).message), fullLog: '', ...(deploymentDir ? { deploymentDir } : {}) };
  }
}

function noop(): HookEventResult {
  return { status: 'Succeeded', noop: true, diagnostics: successDiagnostics(), fullLog: '' };
}
