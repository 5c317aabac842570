import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EngineControl } from './deployment-step.ts';
import { TRAFFIC_SETTINGS, TrafficWorld } from './traffic-world.test-support.ts';

const IN_PLACE_TC = { deploymentType: 'IN_PLACE', deploymentOption: 'WITH_TRAFFIC_CONTROL' } as const;
const BLUE_GREEN = { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' } as const;
const WEB = { targetGroupInfoList: [{ name: 'web' }] };
const PAIR = { targetGroupPairInfoList: [{ targetGroups: [{ name: 'tg-a' }, { name: 'tg-b' }], prodTrafficRoute: { listenerArns: ['main'] } }] };

function events(world: TrafficWorld, id: string): string[] {
  return world.target(id).lifecycleEvents.map((e) => `${e.lifecycleEventName}:${e.status}`);
}

describe('traffic planning: in-place with traffic control', () => {
  it('takes each host out of the target group before its hooks and back in after, one host at a time', () => {
    const world = new TrafficWorld({ blue: ['web-1', 'web-2'], style: IN_PLACE_TC, loadBalancerInfo: WEB }).seed('web', 'web-1', 'web-2');
    world.run();
    assert.equal(world.deployment.status, 'Succeeded');
    const web1 = world.log.filter((l) => l.includes('web-1'));
    assert.deepEqual(web1, [
      'hook web-1 BeforeBlockTraffic', 'deregister web web-1', 'hook web-1 AfterBlockTraffic', 'hook web-1 ApplicationStop',
      'hook web-1 DownloadBundle', 'hook web-1 BeforeInstall', 'hook web-1 Install', 'hook web-1 AfterInstall', 'hook web-1 ApplicationStart',
      'hook web-1 ValidateService', 'hook web-1 BeforeAllowTraffic', 'register web web-1', 'hook web-1 AfterAllowTraffic',
    ]);
    assert.ok(world.log.indexOf('deregister web web-2') > world.log.indexOf('register web web-1'), 'web-2 leaves only after web-1 is back');
    assert.deepEqual(world.members('web'), ['web-1', 'web-2']);
    assert.ok(world.targets.every((t) => t.lifecycleEvents.every((e) => e.status === 'Succeeded')));
  });

  it('lets the traffic events succeed without a router call when the group names no target group', () => {
    const world = new TrafficWorld({ blue: ['web-1'], style: IN_PLACE_TC });
    world.run();
    assert.equal(world.deployment.status, 'Succeeded');
    assert.ok(!world.log.some((l) => l.startsWith('register') || l.startsWith('deregister')));
  });

  it('fails AllowTraffic with CUSTOMER_APPLICATION_UNHEALTHY when the host never turns healthy within the timeout', () => {
    const world = new TrafficWorld({ blue: ['web-1'], style: IN_PLACE_TC, loadBalancerInfo: WEB });
    world.sick.add('web-1');
    const started = world.now;
    world.run();
    assert.equal(world.deployment.status, 'Failed');
    assert.ok(world.now - started > TRAFFIC_SETTINGS.trafficHealthTimeoutMs, 'it waited for the timeout');
    const info = world.deployment.details.errorInformation!;
    assert.equal(info.code, 'CUSTOMER_APPLICATION_UNHEALTHY');
    assert.match(info.message!, /web-1 did not become healthy .*web: unhealthy/);
    assert.ok(events(world, 'web-1').includes('AllowTraffic:Failed'));
    assert.ok(events(world, 'web-1').includes('AfterAllowTraffic:Skipped'));
  });

  it('fails BlockTraffic at once with the router\'s own message when the router is unreachable', () => {
    const world = new TrafficWorld({ blue: ['web-1'], style: IN_PLACE_TC, loadBalancerInfo: WEB });
    world.routerDown = 'The traffic router (test) could not deregister web-1 in target group web. UNREACHABLE: connection refused';
    world.run();
    assert.equal(world.deployment.status, 'Failed');
    assert.deepEqual(world.deployment.details.errorInformation, { code: 'ELASTIC_LOAD_BALANCING_INVALID', message: world.routerDown });
    const block = world.target('web-1').lifecycleEvents.find((e) => e.lifecycleEventName === 'BlockTraffic')!;
    assert.equal(block.diagnostics?.message, world.routerDown);
  });
});

describe('traffic planning: blue/green', () => {
  it('installs green, registers it, then deregisters blue, and succeeds at once with KEEP_ALIVE', () => {
    const world = new TrafficWorld({ blue: ['blue-1', 'blue-2'], green: ['green-1', 'green-2'], style: BLUE_GREEN, loadBalancerInfo: WEB })
      .seed('web', 'blue-1', 'blue-2');
    world.run();
    assert.equal(world.deployment.status, 'Succeeded');
    assert.deepEqual(world.members('web'), ['green-1', 'green-2']);
    const firstRegister = world.log.findIndex((l) => l.startsWith('register'));
    const lastInstall = world.log.findLastIndex((l) => l.endsWith('ValidateService'));
    const firstDeregister = world.log.findIndex((l) => l.startsWith('deregister'));
    const lastRegister = world.log.findLastIndex((l) => l.startsWith('register'));
    assert.ok(lastInstall < firstRegister && lastRegister < firstDeregister, world.log.join('\n'));
    assert.equal(world.deployment.details.instanceTerminationWaitTimeStarted, undefined);
    assert.deepEqual(world.targets.map((t) => t.status), ['Succeeded', 'Succeeded', 'Succeeded', 'Succeeded']);
  });

  it('rests in Ready with STOP_DEPLOYMENT until ContinueDeployment, with nothing rerouted meanwhile', () => {
    const world = new TrafficWorld({
      blue: ['blue-1'], green: ['green-1'], style: BLUE_GREEN, loadBalancerInfo: WEB,
      blueGreen: { deploymentReadyOption: { actionOnTimeout: 'STOP_DEPLOYMENT', waitTimeInMinutes: 30 } },
    }).seed('web', 'blue-1');
    world.run((w) => w.deployment.status === 'Ready');
    world.run(() => false, 100, 20);
    assert.equal(world.deployment.status, 'Ready');
    assert.equal(world.target('green-1').status, 'Ready');
    assert.ok(events(world, 'green-1').includes('BeforeAllowTraffic:Pending'));
    assert.deepEqual(world.members('web'), ['blue-1']);
    world.deployment = { ...world.deployment, control: { ...world.deployment.control, readyWaitContinuedAt: world.now } };
    world.run();
    assert.equal(world.deployment.status, 'Succeeded');
    assert.deepEqual(world.members('web'), ['green-1']);
  });

  it('stops with TIMEOUT when nobody continues within waitTimeInMinutes, keeping traffic on blue', () => {
    const world = new TrafficWorld({
      blue: ['blue-1'], green: ['green-1'], style: BLUE_GREEN, loadBalancerInfo: WEB,
      blueGreen: { deploymentReadyOption: { actionOnTimeout: 'STOP_DEPLOYMENT', waitTimeInMinutes: 2 } },
    }).seed('web', 'blue-1');
    world.run();
    assert.equal(world.deployment.status, 'Stopped');
    assert.equal(world.deployment.details.errorInformation?.code, 'TIMEOUT');
    assert.match(world.deployment.details.errorInformation!.message!, /Ready for 2 minutes/);
    assert.equal(world.target('green-1').status, 'Ready');
    assert.deepEqual(world.members('web'), ['blue-1']);
  });

  it('waits terminationWaitTimeInMinutes after the cutover with TERMINATE, then hands over to the blue fate', () => {
    const world = new TrafficWorld({
      blue: ['blue-1'], green: ['green-1'], style: BLUE_GREEN, loadBalancerInfo: WEB,
      blueGreen: { terminateBlueInstancesOnDeploymentSuccess: { action: 'TERMINATE', terminationWaitTimeInMinutes: 5 } },
    }).seed('web', 'blue-1');
    world.run((w) => w.control.blueGreen?.phase === 'termination-wait');
    assert.equal(world.deployment.details.instanceTerminationWaitTimeStarted, true);
    const waitStarted = world.now;
    world.run((w) => w.control.blueGreen?.phase === 'terminate');
    assert.ok(world.now - waitStarted >= 5 * TRAFFIC_SETTINGS.minuteMs - 100);
    world.run(() => false, 100, 10);
    assert.equal(world.deployment.status, 'InProgress', 'not done before the blue fate is recorded');
    world.deployment = { ...world.deployment, control: { ...world.control, termination: { startedAt: world.now, finishedAt: world.now, outcome: 'succeeded' } } as EngineControl };
    world.step();
    assert.equal(world.deployment.status, 'Succeeded');
  });

  it('ends the termination wait early when it is skipped', () => {
    const world = new TrafficWorld({
      blue: ['blue-1'], green: ['green-1'], style: BLUE_GREEN, loadBalancerInfo: WEB,
      blueGreen: { terminateBlueInstancesOnDeploymentSuccess: { action: 'TERMINATE', terminationWaitTimeInMinutes: 600 } },
    });
    world.run((w) => w.control.blueGreen?.phase === 'termination-wait');
    world.deployment = { ...world.deployment, control: { ...world.deployment.control, terminationWaitSkippedAt: world.now } };
    world.step();
    assert.equal(world.control.blueGreen?.phase, 'terminate');
  });

  it('fails when a green instance never turns healthy, leaving blue in the target group', () => {
    const world = new TrafficWorld({ blue: ['blue-1'], green: ['green-1'], style: BLUE_GREEN, loadBalancerInfo: WEB }).seed('web', 'blue-1');
    world.sick.add('green-1');
    world.run();
    assert.equal(world.deployment.status, 'Failed');
    assert.equal(world.deployment.details.errorInformation?.code, 'CUSTOMER_APPLICATION_UNHEALTHY');
    assert.ok(world.members('web').includes('blue-1'));
    assert.deepEqual(events(world, 'blue-1'), ['BeforeBlockTraffic:Skipped', 'BlockTraffic:Skipped', 'AfterBlockTraffic:Skipped']);
  });

  it('rolls traffic back: blue registered and healthy first, then green deregistered, nothing installed', () => {
    const world = new TrafficWorld({ blue: ['blue-1'], green: ['green-1'], style: BLUE_GREEN, loadBalancerInfo: WEB, creator: 'codeDeployRollback' })
      .seed('web', 'green-1');
    world.targets = world.targets.map((t) => ({
      ...t, lifecycleEvents: [{ lifecycleEventName: t.instanceLabel === 'Blue' ? 'AllowTraffic' : 'BlockTraffic', status: 'Pending', hookExecutionId: 'x' }],
    }));
    world.run();
    assert.equal(world.deployment.status, 'Succeeded');
    assert.deepEqual(world.log, ['register web blue-1', 'deregister web green-1']);
    assert.deepEqual(world.members('web'), ['blue-1']);
  });
});

describe('traffic planning: canary and linear shifting (Cutover extension)', () => {
  const canary = { type: 'TimeBasedCanary', timeBasedCanary: { canaryPercentage: 10, canaryInterval: 3 } } as const;

  it('finds blue by the listener, registers green into the other group, shifts 10 then 100, then deregisters blue', () => {
    const world = new TrafficWorld({ blue: ['blue-1'], green: ['green-1'], style: BLUE_GREEN, loadBalancerInfo: PAIR, routing: canary })
      .seed('tg-b', 'blue-1');
    world.weights.set('main', { 'tg-a': 0, 'tg-b': 100 });
    world.run((w) => w.control.shift?.greenPercent === 10 && w.control.shift.verifiedAt !== undefined);
    const tenAt = world.now;
    world.run();
    assert.equal(world.deployment.status, 'Succeeded');
    assert.deepEqual(world.log.filter((l) => !l.startsWith('hook')), [
      'register tg-a green-1', 'weights main {"tg-b":90,"tg-a":10}', 'weights main {"tg-b":0,"tg-a":100}', 'deregister tg-b blue-1',
    ]);
    assert.ok(world.now - tenAt >= 3 * TRAFFIC_SETTINGS.minuteMs - 200, 'the canary held for its interval');
    assert.deepEqual(world.weights.get('main'), { 'tg-b': 0, 'tg-a': 100 });
  });

  it('shifts linearly in equal steps', () => {
    const world = new TrafficWorld({
      blue: ['blue-1'], green: ['green-1'], style: BLUE_GREEN, loadBalancerInfo: PAIR,
      routing: { type: 'TimeBasedLinear', timeBasedLinear: { linearPercentage: 40, linearInterval: 1 } },
    });
    world.weights.set('main', { 'tg-a': 100, 'tg-b': 0 });
    world.run();
    assert.equal(world.deployment.status, 'Succeeded');
    assert.deepEqual(world.log.filter((l) => l.startsWith('weights')).map((l) => JSON.parse(l.split(' ')[2]!)['tg-b']), [40, 80, 100]);
  });

  it('fails when the router applies a different split than the one asked for', () => {
    const world = new TrafficWorld({ blue: ['blue-1'], green: ['green-1'], style: BLUE_GREEN, loadBalancerInfo: PAIR, routing: canary });
    world.weights.set('main', { 'tg-a': 100, 'tg-b': 0 });
    world.skew.set('main', { 'tg-a': 100, 'tg-b': 0 });
    world.run();
    assert.equal(world.deployment.status, 'Failed');
    assert.match(world.deployment.details.errorInformation!.message!, /applies .*after Cutover asked for tg-a=90, tg-b=10/);
  });

  it('fails when neither group of the pair has all the traffic to begin with', () => {
    const world = new TrafficWorld({ blue: ['blue-1'], green: ['green-1'], style: BLUE_GREEN, loadBalancerInfo: PAIR, routing: canary });
    world.weights.set('main', { 'tg-a': 50, 'tg-b': 50 });
    world.run();
    assert.equal(world.deployment.status, 'Failed');
    assert.match(world.deployment.details.errorInformation!.message!, /starts from one of tg-a and tg-b at 100%/);
  });

  it('rolls a canary back: the split returns to all-blue before green is deregistered', () => {
    const world = new TrafficWorld({ blue: ['blue-1'], green: ['green-1'], style: BLUE_GREEN, loadBalancerInfo: PAIR, creator: 'codeDeployRollback' })
      .seed('tg-a', 'blue-1').seed('tg-b', 'green-1');
    world.weights.set('main', { 'tg-a': 90, 'tg-b': 10 });
    world.deployment = { ...world.deployment, control: { shift: { listener: 'main', blueGroup: 'tg-a', greenGroup: 'tg-b', greenPercent: 0, since: world.now } } as EngineControl };
    world.targets = world.targets.map((t) => ({
      ...t, lifecycleEvents: [{ lifecycleEventName: t.instanceLabel === 'Blue' ? 'AllowTraffic' : 'BlockTraffic', status: 'Pending', hookExecutionId: 'x' }],
    }));
    world.run();
    assert.equal(world.deployment.status, 'Succeeded');
    assert.deepEqual(world.log, ['weights main {"tg-a":100,"tg-b":0}', 'deregister tg-b green-1']);
  });
});
