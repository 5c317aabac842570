/**
 * The agent's hook runner: revision selection, the script process, script logs and the
 * diagnostics sent with a lifecycle command's completion.
 */
export {
  buildDiagnostics, diagnosticsPayload, HOOK_ERROR_CODES, successDiagnostics, unknownErrorDiagnostics, type HookDiagnostics,
} from './diagnostics.ts';
export { buildHookEnvironment, DEFAULT_HOOK_PATH } from './hook-environment.ts';
export type { HookRunnerOptions } from './hook-runner-options.ts';
export type { HookDeployment, HookScriptSpec, HookScriptsByEvent } from './hook-types.ts';
export { LOG_WINDOW_CHARS, LogWindow } from './log-window.ts';
export { DEFAULT_APPSPEC_FILENAME, readHookScripts } from './read-hook-scripts.ts';
export { DEFAULT_TIMEOUT_SECONDS } from './run-event-scripts.ts';
export { runHookEvent, type HookEventRequest, type HookEventResult } from './run-hook-event.ts';
export { hookRevisionSource, selectHookRevision, type HookRevision, type HookRevisionSource } from './select-hook-revision.ts';
