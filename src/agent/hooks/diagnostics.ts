/**
 * The `error_code` values of a lifecycle command's diagnostics (host-agent.md §1.4):
 * * `SUCCEEDED` (0) - the command succeeded, or was a no-op
 * * `SCRIPT_MISSING` (1) - a hook script does not exist
 * * `SCRIPT_NOT_EXECUTABLE` (2) - a hook script could not be made executable
 * * `SCRIPT_TIMED_OUT` (3) - a hook script outlived its timeout
 * * `SCRIPT_FAILED` (4) - a hook script exited non-zero or could not be started
 * * `UNKNOWN_ERROR` (5) - anything else: appspec errors, bundle errors, agent errors
 * * `OUTPUTS_LEFT_OPEN` (6) - the official agent's "failed to close STDOUT"; Cutover never
 *   reports it (a hook finishes when its script exits)
 * * `FAILED_AFTER_RESTART` (7) - the agent restarted mid-command
 */
export const HOOK_ERROR_CODES = {
  SUCCEEDED: 0,
  SCRIPT_MISSING: 1,
  SCRIPT_NOT_EXECUTABLE: 2,
  SCRIPT_TIMED_OUT: 3,
  SCRIPT_FAILED: 4,
  UNKNOWN_ERROR: 5,
  OUTPUTS_LEFT_OPEN: 6,
  FAILED_AFTER_RESTART: 7,
} as const;

/** Diagnostics sent with a command's completion; member names are the wire's. */
export interface HookDiagnostics {
  error_code: number;
  /** The appspec `location` of the script at fault, or `''`. */
  script_name: string;
  message: string;
  /** The tail of the event's script log (at most about 2 KB), `''` on success. */
  log: string;
}

/** The envelope's Payload limit in the host-command model. */
const MAX_PAYLOAD_CHARS = 8192;

/** The diagnostics of a successful (or no-op) command: script output is never sent on success. */
export function successDiagnostics(): HookDiagnostics {
  return { error_code: HOOK_ERROR_CODES.SUCCEEDED, script_name: '', message: 'Succeeded: ', log: '' };
}

/** The diagnostics of a failure that is not a script's: error code 5 with the error's message. */
export function unknownErrorDiagnostics(message: string): HookDiagnostics {
  return { error_code: HOOK_ERROR_CODES.UNKNOWN_ERROR, script_name: '', message, log: '' };
}

/** Builds diagnostics from their parts. */
export function buildDiagnostics(parts: { errorCode: number; scriptName?: string; message: string; log?: string }): HookDiagnostics {
  return { error_code: parts.errorCode, script_name: parts.scriptName ?? '', message: parts.message, log: parts.log ?? '' };
}

/**
 * The JSON payload of a `{"Format":"JSON","Payload":…}` diagnostics envelope, in the official
 * member order. The log is cut from the front (oldest output first) if the escaped payload
 * would pass the model's 8192-character limit, so the service never rejects a completion.
 */
export function diagnosticsPayload(diagnostics: HookDiagnostics): string {
  let { log } = diagnostics;
  let payload = serialize({ ...diagnostics, log });
  while (payload.length > MAX_PAYLOAD_CHARS && log.length > 0) {
    // One character escapes to at most six (\u0001), so this never cuts more than needed.
    log = log.slice(Math.ceil((payload.length - MAX_PAYLOAD_CHARS) / 6));
    payload = serialize({ ...diagnostics, log });
  }
  return payload;
}

function serialize(d: HookDiagnostics): string {
  return JSON.stringify({ error_code: d.error_code, script_name: d.script_name, message: d.message, log: d.log });
}
