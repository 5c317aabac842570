import { backoffDelay, sleep, type BackoffSettings } from './backoff.ts';
import { CommandServiceError } from './command-client.ts';
import type { AgentLog } from './command-log.ts';

/** How a call inside a command is retried. */
export interface RetryOptions {
  backoff: BackoffSettings;
  /** Attempts in all, the first included; default 6. */
  attempts?: number;
  /** Ends the waiting early (the last error is then thrown). */
  signal?: AbortSignal;
  log: AgentLog;
  /** What is being attempted, for the log. */
  what: string;
  random?: () => number;
}

/**
 * Calls `fn` until it succeeds, retrying only errors worth retrying (no answer, a server error,
 * throttling) with jittered exponential backoff. Used for the calls of a command already in
 * hand, so a brief outage does not strand the command on the server until it times out.
 */
export async function withRetry<T>(fn: () => Promise<T>, options: RetryOptions): Promise<T> {
  const attempts = options.attempts ?? 6;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const retryable = err instanceof CommandServiceError && err.retryable;
      if (!retryable || attempt >= attempts || options.signal?.aborted) throw err;
      const delay = backoffDelay(attempt, options.backoff, options.random);
      options.log.warn({ err: (err as Error).message, attempt, delayMs: delay }, `${options.what} failed; retrying`);
      await sleep(delay, options.signal);
    }
  }
}
