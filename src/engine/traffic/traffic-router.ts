/**
 * The engine's view of a load balancer. BlockTraffic, AllowTraffic and traffic shifts are
 * service-side events: the engine carries them out through a TrafficRouter. Two
 * implementations exist: the built-in `cutover proxy` (through its admin API) and HAProxy
 * (through its runtime API).
 *
 * Every call is idempotent and describes a desired state, so that a reconcile pass that is
 * repeated after a crash asks for the same thing again without harm. Calls throw a
 * TrafficRouterError when the load balancer cannot be reached or refuses the request.
 */

/** One member of a target group: an instance and the address it serves on. */
export interface TrafficTarget {
  /** The deployment target's id (the on-premises instance name). */
  instanceName: string;
  /** Where the load balancer sends traffic: `host:port`. */
  address: string;
}

/**
 * A member's state as the load balancer sees it, in the vocabulary of ALB target health:
 * * `initial` - registered, health not yet established;
 * * `healthy` / `unhealthy` - by the target group's health check;
 * * `draining` - deregistered, finishing in-flight requests (deregistration delay);
 * * `unused` - registered while its target group receives no traffic.
 * A target that is not registered at all is absent from the description.
 */
export type TargetHealthState = 'initial' | 'healthy' | 'unhealthy' | 'draining' | 'unused';

/** One member and its state. */
export interface TargetDescription extends TrafficTarget {
  state: TargetHealthState;
}

/** Why a router call failed, so that the engine can say so in errorInformation. */
export type TrafficRouterFailure = 'UNREACHABLE' | 'REFUSED' | 'NOT_FOUND';

/** A router call that did not do what was asked. */
export class TrafficRouterError extends Error {
  readonly failure: TrafficRouterFailure;

  constructor(failure: TrafficRouterFailure, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TrafficRouterError';
    this.failure = failure;
  }
}

/** What the engine needs from a load balancer. */
export interface TrafficRouter {
  /** A short name for messages, e.g. `cutover proxy at http://127.0.0.1:8790`. */
  readonly description: string;
  /** Adds the targets to the target group (already-registered ones are left as they are). */
  register(targetGroup: string, targets: readonly TrafficTarget[]): Promise<void>;
  /** Starts draining the targets out of the target group (absent ones are ignored). */
  deregister(targetGroup: string, targets: readonly TrafficTarget[]): Promise<void>;
  /** The target group's members and their states. */
  describe(targetGroup: string): Promise<TargetDescription[]>;
  /**
   * Sets how a listener's traffic splits between target groups, as percentages that sum to
   * 100 (e.g. `{ blue: 90, green: 10 }`). Target groups left out get 0.
   */
  setWeights(listener: string, weights: Readonly<Record<string, number>>): Promise<void>;
  /** The listener's split as the load balancer applies it, to verify a shift. */
  getWeights(listener: string): Promise<Record<string, number>>;
}
