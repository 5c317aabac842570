/**
 * The wire types of the `cutover proxy` admin API (docs/proxy.md), shared by the proxy that
 * serves them and the clients that call it, as processes share only wire types.
 */

/** How a target group probes its targets. Defaults in DEFAULT_HEALTH_CHECK. */
export interface HealthCheck {
  /** Path requested with GET, e.g. `/healthz`. */
  path: string;
  /** Time between probes of one target; fractions allowed (tests use 0.2). */
  intervalSeconds: number;
  /** A probe without a complete answer within this long fails. */
  timeoutSeconds: number;
  /** Consecutive successes that make a target `healthy`. */
  healthyThreshold: number;
  /** Consecutive failures that make a target `unhealthy`. */
  unhealthyThreshold: number;
  /** Status codes that count as success: `200-399`, `200,204`, or a mix (`200,300-302`). */
  matcher: string;
}

/** The health check a target group gets when none is given. */
export const DEFAULT_HEALTH_CHECK: Readonly<HealthCheck> = Object.freeze({
  path: '/', intervalSeconds: 5, timeoutSeconds: 2, healthyThreshold: 2, unhealthyThreshold: 2, matcher: '200-399',
});

/**
 * A target's state:
 * * `initial` - registered, fewer than `healthyThreshold` probes passed so far;
 * * `healthy` - the health check passes;
 * * `unhealthy` - `unhealthyThreshold` probes in a row failed;
 * * `draining` - deregistered: takes no new requests, disappears once its in-flight requests
 *   finish or the deregistration delay passes.
 */
export type ProxyTargetState = 'initial' | 'healthy' | 'unhealthy' | 'draining';

/** One member of a target group. */
export interface ProxyTarget {
  /** `host:port`. */
  address: string;
  state: ProxyTargetState;
}

/** A target group as the admin API returns it. */
export interface TargetGroup {
  name: string;
  healthCheck: HealthCheck;
  deregistrationDelaySeconds: number;
  /** Cutover extension: a request without a response within this long gets a 504. */
  requestTimeoutSeconds: number;
  targets: ProxyTarget[];
}

/** Body of `PUT /v1/target-groups/{name}`: everything optional, missing members keep their value. */
export interface TargetGroupSettings {
  healthCheck?: Partial<HealthCheck>;
  deregistrationDelaySeconds?: number;
  requestTimeoutSeconds?: number;
}

/** One target group a listener forwards to, and its share in percent. */
export interface WeightedTargetGroup {
  name: string;
  weight: number;
}

/** Sticky sessions: a client keeps its target group through a `cutover-tg` cookie. */
export interface Stickiness {
  enabled: boolean;
  durationSeconds: number;
}

/** What a listener does with every request. */
export interface ForwardAction {
  forward: {
    targetGroups: WeightedTargetGroup[];
    stickiness?: Stickiness;
  };
}

/** Certificate and key (PEM files) for a TLS listener. */
export interface ListenerTls {
  certFile: string;
  keyFile: string;
}

/** A listener as the admin API returns it. */
export interface Listener {
  name: string;
  port: number;
  host: string;
  tls?: ListenerTls;
  defaultAction: ForwardAction;
}

/** Body of `PUT /v1/listeners/{name}`. */
export interface ListenerSettings {
  port: number;
  host?: string;
  tls?: ListenerTls;
  defaultAction: ForwardAction;
}

/** The error codes of the admin API, each with its HTTP status. */
export const PROXY_ADMIN_ERRORS = Object.freeze({ BadRequest: 400, Unauthorized: 401, NotFound: 404, Conflict: 409 });

/** One of the admin API's error codes. */
export type ProxyAdminErrorCode = keyof typeof PROXY_ADMIN_ERRORS;

/** Request counts and latency of one target group, from `GET /v1/target-groups/{name}/metrics`. */
export interface TargetGroupMetrics {
  targetGroup: string;
  /** Responses by class: `2xx`, `3xx`, `4xx`, `5xx` (proxy-made 502/504 count as 5xx). */
  requests: Record<string, number>;
  responses5xx: number;
  duration: {
    count: number;
    sumSeconds: number;
    /** Cumulative counts: requests that took at most `le` seconds. */
    buckets: { le: number; count: number }[];
  };
}

const NAME = /^[A-Za-z0-9._-]{1,64}$/;

/** Whether a listener or target group name is valid: `[A-Za-z0-9._-]{1,64}`. */
export function isProxyName(name: string): boolean {
  return NAME.test(name);
}

/** Whether an address is `host:port` with a port in 1..65535 (IPv6 hosts in brackets). */
export function isTargetAddress(address: string): boolean {
  const m = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(address);
  return m !== null && Number(m[2]) >= 1 && Number(m[2]) <= 65535;
}

/**
 * Why a weight split is invalid, or undefined when it is valid: integers 0..100 summing to 100.
 * Whether the groups exist is the proxy's question.
 */
export function weightProblem(weights: Readonly<Record<string, unknown>>): string | undefined {
  let sum = 0;
  for (const [name, weight] of Object.entries(weights)) {
    if (typeof weight !== 'number' || !Number.isInteger(weight) || weight < 0 || weight > 100) {
      return `weight of ${name} must be an integer from 0 to 100`;
    }
    sum += weight;
  }
  return sum === 100 ? undefined : `weights must sum to 100, not ${sum}`;
}
