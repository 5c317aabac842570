import {
  DEFAULT_HEALTH_CHECK, isProxyName, isTargetAddress, type ForwardAction, type HealthCheck,
} from '../core/proxy-admin.ts';
import { badRequest } from './admin-error.ts';
import type { ListenerConfig } from './listener.ts';
import type { TargetGroupConfig } from './target-group.ts';

/** Defaults of a target group's settings other than the health check. */
export const DEFAULT_DEREGISTRATION_DELAY_SECONDS = 300;
/** How long a target may take to start answering before the client gets a 504. */
export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 60;

/**
 * Checks and completes a target group body (`PUT /v1/target-groups/{name}`, or an entry of the
 * config file) over the current settings; throws BadRequest naming the bad member.
 */
export function targetGroupConfig(body: unknown, current?: TargetGroupConfig): TargetGroupConfig {
  const input = object(body, 'body');
  const healthCheck = healthCheckOf(input.healthCheck, current?.healthCheck ?? DEFAULT_HEALTH_CHECK);
  return {
    healthCheck,
    deregistrationDelaySeconds: seconds(input.deregistrationDelaySeconds, 'deregistrationDelaySeconds', current?.deregistrationDelaySeconds ?? DEFAULT_DEREGISTRATION_DELAY_SECONDS, 0),
    requestTimeoutSeconds: seconds(input.requestTimeoutSeconds, 'requestTimeoutSeconds', current?.requestTimeoutSeconds ?? DEFAULT_REQUEST_TIMEOUT_SECONDS, 0.001),
  };
}

/** Checks a listener body (`PUT /v1/listeners/{name}`, or a config file entry); throws BadRequest. */
export function listenerConfig(body: unknown): ListenerConfig {
  const input = object(body, 'body');
  const port = input.port;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) throw badRequest('port must be an integer from 0 to 65535');
  const host = input.host ?? '0.0.0.0';
  if (typeof host !== 'string' || host === '') throw badRequest('host must be a string');
  const config: ListenerConfig = { port, host, defaultAction: forwardActionOf(input.defaultAction) };
  if (input.tls !== undefined && input.tls !== null) {
    const tls = object(input.tls, 'tls');
    if (typeof tls.certFile !== 'string' || typeof tls.keyFile !== 'string') throw badRequest('tls needs certFile and keyFile');
    config.tls = { certFile: tls.certFile, keyFile: tls.keyFile };
  }
  return config;
}

/** The addresses of a register/deregister body `{"targets":[{"address":"h:p"}]}`; throws BadRequest. */
export function targetAddresses(body: unknown): string[] {
  const targets = object(body, 'body').targets;
  if (!Array.isArray(targets) || targets.length === 0) throw badRequest('targets must be a non-empty list of {"address":"host:port"}');
  return targets.map((t, i) => {
    const address = (t as { address?: unknown } | null)?.address;
    if (typeof address !== 'string' || !isTargetAddress(address)) throw badRequest(`targets[${i}].address must be host:port`);
    return address;
  });
}

/** The weights of a `PUT /v1/listeners/{name}/weights` body; their sum is checked by the load balancer. */
export function weightsOf(body: unknown): Record<string, number> {
  const weights = object(object(body, 'body').weights, 'weights');
  return weights as Record<string, number>;
}

/** Throws BadRequest unless `name` is a valid listener or target group name. */
export function checkName(name: string): void {
  if (!isProxyName(name)) throw badRequest(`name "${name}" must match [A-Za-z0-9._-]{1,64}`);
}

function forwardActionOf(value: unknown): ForwardAction {
  const forward = object(object(value, 'defaultAction').forward, 'defaultAction.forward');
  if (!Array.isArray(forward.targetGroups)) throw badRequest('defaultAction.forward.targetGroups must be a list');
  const targetGroups = forward.targetGroups.map((g: unknown, i: number) => {
    const entry = object(g, `targetGroups[${i}]`);
    if (typeof entry.name !== 'string') throw badRequest(`targetGroups[${i}].name must be a string`);
    return { name: entry.name, weight: entry.weight as number };
  });
  const action: ForwardAction = { forward: { targetGroups } };
  if (forward.stickiness !== undefined && forward.stickiness !== null) {
    const s = object(forward.stickiness, 'stickiness');
    action.forward.stickiness = { enabled: s.enabled === true, durationSeconds: seconds(s.durationSeconds, 'stickiness.durationSeconds', 3600, 1) };
  }
  return action;
}

function healthCheckOf(value: unknown, current: HealthCheck): HealthCheck {
  if (value === undefined || value === null) return { ...current };
  const input = object(value, 'healthCheck');
  const path = input.path ?? current.path;
  if (typeof path !== 'string' || !path.startsWith('/')) throw badRequest('healthCheck.path must start with /');
  const matcher = input.matcher ?? current.matcher;
  if (typeof matcher !== 'string' || !/^\d{3}(-\d{3})?(,\s*\d{3}(-\d{3})?)*$/.test(matcher)) throw badRequest('healthCheck.matcher must be like 200-399 or 200,204');
  return {
    path, matcher,
    intervalSeconds: seconds(input.intervalSeconds, 'healthCheck.intervalSeconds', current.intervalSeconds, 0.05),
    timeoutSeconds: seconds(input.timeoutSeconds, 'healthCheck.timeoutSeconds', current.timeoutSeconds, 0.01),
    healthyThreshold: count(input.healthyThreshold, 'healthCheck.healthyThreshold', current.healthyThreshold),
    unhealthyThreshold: count(input.unhealthyThreshold, 'healthCheck.unhealthyThreshold', current.unhealthyThreshold),
  };
}

function object(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badRequest(`${what} must be a JSON object`);
  return value as Record<string, unknown>;
}

function seconds(value: unknown, what: string, fallback: number, min: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > 86_400) throw badRequest(`${what} must be a number of seconds from ${min} to 86400`);
  return value;
}

function count(value: unknown, what: string, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 10) throw badRequest(`${what} must be an integer from 1 to 10`);
  return value;
}
