import type { ErrorInformation } from '@aws-sdk/client-codedeploy';
import { TRAFFIC_EVENTS } from '../traffic/traffic-work.ts';
import type { EngineEvent, EventOutcome, TargetContext } from './target-progress.ts';

/**
 * Decides a BlockTraffic or AllowTraffic event from this pass's router observation (pure):
 * * AllowTraffic succeeds once the target is `healthy` in every target group it joins;
 * * BlockTraffic succeeds once it is gone from every group it leaves (drained);
 * * a router failure (unreachable, refused, no address, no router) fails it at once;
 * * still waiting after `trafficHealthTimeoutMs` fails it with the states last seen.
 * No observation (the first pass after the event started) means wait.
 */
export function trafficOutcome(event: EngineEvent, targetId: string, ctx: TargetContext): EventOutcome | undefined {
  const action = TRAFFIC_EVENTS[event.lifecycleEventName];
  const observation = ctx.traffic?.get(targetId);
  if (observation && !observation.ok) return failed(ctx.now, observation.error);
  if (observation?.ok) {
    const states = Object.values(observation.states);
    const done = action === 'allow' ? states.every((s) => s === 'healthy') : states.every((s) => s === 'absent');
    if (done) return { status: 'Succeeded', endTime: ctx.now };
  }
  const timeoutMs = ctx.settings.trafficHealthTimeoutMs;
  if (ctx.now - (event.startTime ?? ctx.now) <= timeoutMs) return undefined;
  const seen = observation?.ok
    ? Object.entries(observation.states).map(([group, state]) => `${group}: ${state}`).join(', ')
    : 'no answer from the traffic router yet';
  const seconds = Math.round(timeoutMs / 1000);
  return failed(ctx.now, action === 'allow'
    ? { code: 'CUSTOMER_APPLICATION_UNHEALTHY', message: `AllowTraffic: instance ${targetId} did not become healthy in its target groups within ${seconds} seconds (${seen}).` }
    : { code: 'ELASTIC_LOAD_BALANCING_INVALID', message: `BlockTraffic: instance ${targetId} did not drain out of its target groups within ${seconds} seconds (${seen}).` });
}

function failed(now: number, error: ErrorInformation): EventOutcome {
  return {
    status: 'Failed', endTime: now, failure: 'TRAFFIC', failureInfo: error,
    diagnostics: { errorCode: 'UnknownError', scriptName: '', message: error.message ?? '', logTail: '' },
  };
}
