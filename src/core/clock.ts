/**
 * A Clock tells the time. The engine and API read time only through it, so tests and demos can
 * run on a scaled clock without changing API semantics.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** The wall clock. */
export const SYSTEM_CLOCK: Clock = { now: () => Date.now() };
