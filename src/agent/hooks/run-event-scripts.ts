import { access, chmod, constants, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { APPSPEC_MESSAGES } from '../appspec/messages.ts';
import { buildDiagnostics, HOOK_ERROR_CODES, successDiagnostics, unknownErrorDiagnostics, type HookDiagnostics } from './diagnostics.ts';
import { buildHookEnvironment } from './hook-environment.ts';
import type { HookDeployment, HookScriptSpec } from './hook-types.ts';
import { resolveUser, scriptCommand, type HostUser } from './run-as-user.ts';
import { runScriptProcess, type ScriptOutcome } from './run-script.ts';
import { ScriptLog } from './script-log.ts';
import type { HookRevision } from './select-hook-revision.ts';
import type { HookRunnerOptions } from './hook-runner-options.ts';

/** The official agent's default script timeout. */
export const DEFAULT_TIMEOUT_SECONDS = 3600;
const DEFAULT_KILL_GRACE_MS = 10_000;
const DEFAULT_OUTPUT_DRAIN_MS = 250;

/** What one event's scripts produced: its diagnostics and its full timestamped log. */
export interface EventScriptsOutcome {
  diagnostics: HookDiagnostics;
  fullLog: string;
}

interface ScriptRun {
  event: string;
  deployment: HookDeployment;
  revision: HookRevision;
  options: HookRunnerOptions;
  log: ScriptLog;
}

/**
 * Runs an event's scripts in appspec order, logging to the revision's `scripts.log`; the first
 * failure stops the event. Failures are returned as diagnostics with the official error codes
 * and messages, never thrown (only a failure to write the log itself throws).
 */
export async function runEventScripts(request: {
  event: string; scripts: readonly HookScriptSpec[]; deployment: HookDeployment; revision: HookRevision; options: HookRunnerOptions;
}): Promise<EventScriptsOutcome> {
  // The official agent rejects a bad timeout while parsing the appspec, before any script runs.
  if (request.scripts.some((s) => !isValidTimeout(s.timeoutSeconds))) {
    return { diagnostics: unknownErrorDiagnostics(APPSPEC_MESSAGES.invalidTimeout()), fullLog: '' };
  }
  const log = new ScriptLog({ file: request.revision.scriptLog, clock: request.options.clock, maxFullLogChars: request.options.maxFullLogChars });
  await log.open();
  try {
    log.record(`LifecycleEvent - ${request.event}\n`);
    const run: ScriptRun = { ...request, log };
    for (const script of request.scripts) {
      const failure = await runOneScript(run, script);
      if (failure) return { diagnostics: { ...failure, log: log.windowText() }, fullLog: log.fullText() };
    }
    return { diagnostics: successDiagnostics(), fullLog: log.fullText() };
  } finally {
    await log.close();
  }
}

function isValidTimeout(timeout: number | undefined): boolean {
  return timeout === undefined || (Number.isFinite(timeout) && timeout > 0);
}

async function runOneScript(run: ScriptRun, script: HookScriptSpec): Promise<HookDiagnostics | undefined> {
  const path = join(run.revision.archiveDir, script.location);
  const unusable = await checkScriptFile(run, script, path);
  if (unusable) return unusable;
  run.log.record(`Script - ${script.location}\n`);
  let user: HostUser | undefined;
  try {
    user = script.runas ? await resolveUser(script.runas) : undefined;
  } catch (err) {
    return failed(script, `failed with error ${(err as Error).name} with message ${(err as Error).message}`);
  }
  const outcome = await runScriptProcess({
    argv: scriptCommand({ scriptPath: path, user, sudo: script.sudo }),
    env: buildHookEnvironment({ event: run.event, deployment: run.deployment, user, agentEnv: run.options.agentEnv, extra: run.options.extraEnv, secrets: run.options.secrets }),
    cwd: run.options.cwd ?? process.cwd(),
    timeoutMs: (script.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000,
    killGraceMs: run.options.killGraceMs ?? DEFAULT_KILL_GRACE_MS,
    outputDrainMs: run.options.outputDrainMs ?? DEFAULT_OUTPUT_DRAIN_MS,
    onLine: (stream, line) => run.log.record(`[${stream}]${line}`),
  });
  return diagnosticsFor(script, outcome);
}

async function checkScriptFile(run: ScriptRun, script: HookScriptSpec, path: string): Promise<HookDiagnostics | undefined> {
  if (!(await exists(path))) {
    return buildDiagnostics({ errorCode: HOOK_ERROR_CODES.SCRIPT_MISSING, scriptName: script.location, message: `Script does not exist at specified location: ${resolve(path)}` });
  }
  if (await isExecutable(path)) return undefined;
  run.options.onWarning?.(`Script at specified location: ${script.location} is not executable.  Trying to make it executable.`);
  try {
    await chmod(path, ((await stat(path)).mode & 0o7777) | 0o111);
    return undefined;
  } catch {
    return buildDiagnostics({ errorCode: HOOK_ERROR_CODES.SCRIPT_NOT_EXECUTABLE, scriptName: script.location, message: `Unable to set script at specified location: ${script.location} as executable` });
  }
}

function diagnosticsFor(script: HookScriptSpec, outcome: ScriptOutcome): HookDiagnostics | undefined {
  switch (outcome.kind) {
    case 'timedOut':
      return buildDiagnostics({
        errorCode: HOOK_ERROR_CODES.SCRIPT_TIMED_OUT, scriptName: script.location,
        message: `Script at specified location: ${script.location} failed to complete in ${script.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS} seconds`,
      });
    case 'failedToStart':
      return failed(script, `failed with error ${outcome.error.code ?? outcome.error.name} with message ${outcome.error.message}`);
    case 'exited':
      return outcome.exitCode === 0 ? undefined : failed(script, `failed with exit code ${outcome.exitCode}`);
  }
}

function failed(script: HookScriptSpec, how: string): HookDiagnostics {
  const runas = script.runas ? ` run as user ${script.runas}` : '';
  return buildDiagnostics({ errorCode: HOOK_ERROR_CODES.SCRIPT_FAILED, scriptName: script.location, message: `Script at specified location: ${script.location}${runas} ${how}` });
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
