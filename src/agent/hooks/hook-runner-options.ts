import type { Clock } from '../../core/clock.ts';

/** How the agent runs hook scripts; every member has a default. */
export interface HookRunnerOptions {
  /** Working directory of scripts; default the agent's own, as with the official agent. */
  cwd?: string;
  /** After SIGTERM on timeout, how long before the process group gets SIGKILL (default 10 s). */
  killGraceMs?: number;
  /** After a script exits, how long output still in its pipes is read (default 250 ms). */
  outputDrainMs?: number;
  /** Operator-configured variables for every hook (credential names are dropped). */
  extraEnv?: Record<string, string>;
  /** The agent's secrets (access keys, tokens): a variable whose value contains one is dropped. */
  secrets?: readonly string[];
  /** Where LANG, LC_*, TZ and the agent's HOME/USER come from (default `process.env`). */
  agentEnv?: NodeJS.ProcessEnv;
  /** Time source for `scripts.log` timestamps. */
  clock?: Clock;
  /** Cap on the full event log kept for upload (default 1 MiB of text). */
  maxFullLogChars?: number;
  /** Receives warnings for the agent's own log (e.g. a script made executable). */
  onWarning?: (message: string) => void;
}
