/** How long the agent waits after consecutive errors talking to the server. */
export interface BackoffSettings {
  /** Delay ceiling after the first error, in ms. */
  initialMs: number;
  /** Growth per consecutive error. */
  multiplier: number;
  /** Delay ceiling, in ms, however many errors in a row. */
  maxMs: number;
}

/**
 * Cutover's defaults: 1 s after the first error, doubling, capped at 90 s (the official agent's
 * cap). The official agent starts at about 10 s; a self-hosted server restarts quickly, so
 * Cutover's agent reconnects sooner.
 */
export const DEFAULT_BACKOFF: BackoffSettings = { initialMs: 1000, multiplier: 2, maxMs: 90_000 };

/** Least time between two polls that found nothing, so a misbehaving server is not hammered. */
export const DEFAULT_POLL_INTERVAL_MS = 1000;

/**
 * The wait before retrying after the `failures`-th consecutive error (1-based): an exponential
 * ceiling `initial × multiplier^(failures-1)`, capped at `max`, with "equal jitter" (uniformly
 * between half the ceiling and the ceiling), so a fleet that lost the server does not come back
 * in lockstep while every agent still waits a predictable minimum.
 */
export function backoffDelay(failures: number, settings: BackoffSettings, random: () => number = Math.random): number {
  const exponent = Math.max(0, failures - 1);
  const ceiling = Math.min(settings.maxMs, settings.initialMs * settings.multiplier ** exponent);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Resolves after `ms`, or at once when `signal` aborts (never rejects). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
