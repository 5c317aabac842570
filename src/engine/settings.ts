/** Timing knobs of the engine. Tests shorten them; the defaults are CodeDeploy's. */
export interface EngineSettings {
  /** A host must pick up a lifecycle event within this long, else the event fails with AGENT_ISSUE. */
  agentPickupTimeoutMs: number;
  /** An event may run this long when the host declared no timeout of its own (CodeDeploy's maximum). */
  eventTimeoutMs: number;
  /** Slack added to a host-declared event timeout before the engine gives up (TIMEOUT). */
  eventTimeoutGraceMs: number;
  /** The engine reconciles at least this often, for timers; wake-ups make it sooner. */
  tickMs: number;
  /** How long a woken engine waits for more wake-ups before a pass, so that one pass serves many. */
  gatherMs: number;
  /** How long AllowTraffic waits for a target to turn healthy, and BlockTraffic for it to drain. */
  trafficHealthTimeoutMs: number;
  /** How often the engine looks at the load balancer while a traffic step waits on it. */
  trafficPollMs: number;
  /**
   * The length of a "minute" in waitTimeInMinutes, terminationWaitTimeInMinutes and canary or
   * linear intervals. 60000 in production; `--time-scale` shortens it for tests and demos.
   */
  minuteMs: number;
}

/** CodeDeploy's limits: 5 minutes to start an event, one hour per event. */
export const DEFAULT_ENGINE_SETTINGS: EngineSettings = {
  agentPickupTimeoutMs: 5 * 60_000,
  eventTimeoutMs: 3600_000,
  eventTimeoutGraceMs: 30_000,
  tickMs: 1000,
  gatherMs: 5,
  trafficHealthTimeoutMs: 5 * 60_000,
  trafficPollMs: 200,
  minuteMs: 60_000,
};
