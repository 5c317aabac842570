import { AdminError } from './admin-error.ts';
import type { LoadBalancer } from './load-balancer.ts';
import type { ProxyMetrics } from './metrics.ts';
import { checkName, listenerConfig, targetAddresses, targetGroupConfig, weightsOf } from './settings.ts';

/** What a route answers: a status and a JSON body (none for 204), or Prometheus text. */
export interface RouteResult {
  status: number;
  body?: unknown;
  text?: string;
}

/** One admin API request, as the routes see it. */
export interface RouteRequest {
  method: string;
  /** The path split on `/`, without the empty first part: `['v1', 'listeners', 'web']`. */
  parts: string[];
  body: unknown;
}

type Handler = (lb: LoadBalancer, name: string, body: unknown, metrics: ProxyMetrics) => RouteResult | Promise<RouteResult>;

const ok = (body: unknown): RouteResult => ({ status: 200, body });
const NO_CONTENT: RouteResult = { status: 204 };

// `METHOD collection[/action]`: the handlers of the routes that name one resource.
const NAMED: Record<string, Handler> = {
  'GET target-groups': (lb, name) => ok(lb.targetGroup(name)),
  'PUT target-groups': (lb, name, body) => {
    const current = lb.targetGroups().find((g) => g.name === name);
    return ok(lb.putTargetGroup(name, targetGroupConfig(body, current)));
  },
  'DELETE target-groups': (lb, name) => (lb.deleteTargetGroup(name), NO_CONTENT),
  'POST target-groups/register': (lb, name, body) => ok(lb.register(name, targetAddresses(body))),
  'POST target-groups/deregister': (lb, name, body) => ok(lb.deregister(name, targetAddresses(body))),
  'GET target-groups/metrics': (lb, name, _body, metrics) => (lb.targetGroup(name), ok(metrics.forGroup(name))),
  'GET listeners': (lb, name) => ok(lb.listener(name)),
  'PUT listeners': async (lb, name, body) => ok(await lb.putListener(name, listenerConfig(body))),
  'DELETE listeners': async (lb, name) => (await lb.deleteListener(name), NO_CONTENT),
  'PUT listeners/weights': (lb, name, body) => ok(lb.setWeights(name, weightsOf(body))),
};

/** Answers one authenticated admin API request; throws AdminError for refusals. */
export async function route(lb: LoadBalancer, metrics: ProxyMetrics, request: RouteRequest): Promise<RouteResult> {
  const [version, collection, name, action, ...rest] = request.parts;
  if (version !== 'v1' || (collection !== 'target-groups' && collection !== 'listeners') || rest.length > 0) throw notFound(request);
  if (name === undefined) {
    if (request.method !== 'GET') throw notFound(request);
    return collection === 'listeners' ? ok({ listeners: lb.listeners() }) : ok({ targetGroups: lb.targetGroups() });
  }
  const handler = NAMED[`${request.method} ${collection}${action ? `/${action}` : ''}`];
  if (!handler) throw notFound(request);
  checkName(name);
  return handler(lb, name, request.body, metrics);
}

function notFound(request: RouteRequest): AdminError {
  return new AdminError('NotFound', `no route ${request.method} /${request.parts.join('/')}`);
}
