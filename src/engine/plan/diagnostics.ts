import type { Diagnostics } from '@aws-sdk/client-codedeploy';

/** LifecycleErrorCode by the host agent's numeric error_code (host-agent.md §1.4). */
const ERROR_CODES: Record<number, Diagnostics['errorCode']> = {
  0: 'Success',
  1: 'ScriptMissing',
  2: 'ScriptNotExecutable',
  3: 'ScriptTimedOut',
  4: 'ScriptFailed',
  5: 'UnknownError',
  6: 'ScriptFailed',
  7: 'UnknownError',
};

/** Most characters of a log tail kept in a lifecycle event's diagnostics (the model's 4 KB). */
export const MAX_LOG_TAIL = 4096;

/**
 * Turns the agent's diagnostics payload (`{"error_code","script_name","message","log"}`, sent as
 * a JSON string in the Diagnostics envelope) into the API's lifecycle-event Diagnostics. Never
 * throws: a payload that does not parse is reported as an UnknownError carrying its text.
 */
export function diagnosticsFromAgent(payload: string | undefined): Diagnostics | undefined {
  if (payload === undefined) return undefined;
  try {
    const parsed = JSON.parse(payload) as { error_code?: unknown; script_name?: unknown; message?: unknown; log?: unknown };
    const code = typeof parsed.error_code === 'number' ? parsed.error_code : 5;
    return {
      errorCode: ERROR_CODES[code] ?? 'UnknownError',
      scriptName: typeof parsed.script_name === 'string' ? parsed.script_name : '',
      message: typeof parsed.message === 'string' ? parsed.message : '',
      logTail: typeof parsed.log === 'string' ? parsed.log.slice(-MAX_LOG_TAIL) : '',
    };
  } catch {
    return { errorCode: 'UnknownError', scriptName: '', message: payload.slice(0, 1024), logTail: '' };
  }
}

/** The agent-payload form of a diagnostic the engine writes itself (timeouts, stops). */
export function agentPayload(errorCode: number, message: string): string {
  return JSON.stringify({ error_code: errorCode, script_name: '', message, log: '' });
}

/** Diagnostics of an event no agent picked up in time. */
export const AGENT_PICKUP_MESSAGE =
  'The CodeDeploy agent was not able to receive the lifecycle event. Check the agent logs on your host and make sure the agent is running and can reach the Cutover server.';

/** Diagnostics of an event that ran past its timeout. */
export function eventTimeoutMessage(seconds: number): string {
  return `The lifecycle event did not complete within ${seconds} seconds.`;
}
