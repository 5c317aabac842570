import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateDeploymentConfigCommand, StopDeploymentCommand, type CreateDeploymentGroupCommandInput, type DeploymentInfo,
} from '@aws-sdk/client-codedeploy';
import { describeFailures, runLoad, startLoad, type LoadRun, type LoadSummary } from '../../support/load-generator.ts';
import { startTrafficWorld, type RouterKind, type TrafficWorld } from './zero-downtime-world.ts';

// Zero failed requests (shared by zero-downtime-proxy.test.ts and zero-downtime-haproxy.test.ts):
// load at 250 requests per second runs through the load balancer while
// real agents stop and start a real app on each host. For each router, in order on one fleet:
// (a) in-place OneAtATime with traffic control on hosts A, (b) blue/green AllAtOnce from hosts
// A to hosts B, (c) a canary from hosts B (tg-a) to hosts A (tg-b), (d) a canary back to hosts B
// stopped with rollback at 10 %, which puts all traffic back on hosts A.

const ROLE = (role: string) => [{ Key: 'role', Value: role, Type: 'KEY_AND_VALUE' as const }];
const BLUE_GREEN: Partial<CreateDeploymentGroupCommandInput> = {
  deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
  blueGreenDeploymentConfiguration: {
    greenFleetProvisioningOption: { action: 'DISCOVER_EXISTING' },
    deploymentReadyOption: { actionOnTimeout: 'CONTINUE_DEPLOYMENT' },
    terminateBlueInstancesOnDeploymentSuccess: { action: 'KEEP_ALIVE' },
  },
};
const SPLIT_REQUESTS = 5_000;
const PAIR = { targetGroupPairInfoList: [{ targetGroups: [{ name: 'tg-a' }, { name: 'tg-b' }], prodTrafficRoute: { listenerArns: ['web'] } }] };

/**
 * The four scenarios on one router, in order on one fleet. Real agents on a busy two-core
 * machine are slow, hence the generous suite timeout; each router has its own test file so that
 * the runner reports (and may run) them separately.
 */
export function describeZeroDowntime(kind: RouterKind): void {
  describe(`zero-downtime deployments through ${kind === 'proxy' ? 'the embedded cutover proxy' : 'HAProxy'}`, { timeout: 600_000 }, () => {
    let world: TrafficWorld;
    before(async () => {
      world = await startTrafficWorld(kind, `zd-${kind}`);
      const { fleet } = world;
      await fleet.givenGroup('in-place', {
        onPremisesInstanceTagFilters: ROLE('a'), loadBalancerInfo: { targetGroupInfoList: [{ name: 'tg-a' }] },
        deploymentStyle: { deploymentType: 'IN_PLACE', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
      });
      await fleet.givenGroup('blue-green', { ...BLUE_GREEN, onPremisesInstanceTagFilters: ROLE('a'), loadBalancerInfo: { targetGroupInfoList: [{ name: 'tg-a' }] } });
      await fleet.givenGroup('canary-to-a', { ...BLUE_GREEN, onPremisesInstanceTagFilters: ROLE('b'), loadBalancerInfo: PAIR });
      await fleet.givenGroup('canary-to-b', {
        ...BLUE_GREEN, onPremisesInstanceTagFilters: ROLE('a'), loadBalancerInfo: PAIR,
        autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_STOP_ON_REQUEST'] },
      });
      // One-second minutes (--time-scale 60): the short canary holds 10 % for 2 s, the long one
      // for 3 minutes, long enough to measure the split and stop it there.
      for (const [name, canaryInterval] of [['Canary10Short', 2], ['Canary10Long', 180]] as const) {
        await fleet.admin.send(new CreateDeploymentConfigCommand({
          deploymentConfigName: `${name}-${kind}`, computePlatform: 'Server', minimumHealthyHosts: { type: 'HOST_COUNT', value: 0 },
          trafficRoutingConfig: { type: 'TimeBasedCanary', timeBasedCanary: { canaryPercentage: 10, canaryInterval } },
        }));
      }
    });
    after(() => world?.close());

    it('(a) moves an in-place OneAtATime deployment with traffic control over three hosts without a failed request', async () => {
      // The first revision, before any load: all at once, to save time.
      const first = await world.deploy({ deploymentGroupName: 'in-place', deploymentConfigName: 'CodeDeployDefault.AllAtOnce' }, 'v1');
      await assertSucceeded(world, await world.fleet.waitForEnd(first, 90_000));
      await assertServing(world, 'v1', world.roleA);

      const summary = await underLoad(world, async () => {
        const id = await world.deploy({ deploymentGroupName: 'in-place', deploymentConfigName: 'CodeDeployDefault.OneAtATime' }, 'v2');
        await assertSucceeded(world, await world.fleet.waitForEnd(id, 90_000));
      });
      assertNoFailures(summary);
      await assertServing(world, 'v2', world.roleA);
    });

    it('(b) cuts a blue/green AllAtOnce deployment over to the green hosts without a failed request', async () => {
      const summary = await underLoad(world, async () => {
        const id = await world.deploy({
          deploymentGroupName: 'blue-green', deploymentConfigName: 'CodeDeployDefault.AllAtOnce', targetInstances: { tagFilters: ROLE('b') },
        }, 'v3');
        await assertSucceeded(world, await world.fleet.waitForEnd(id, 90_000));
      });
      assertNoFailures(summary);
      await assertServing(world, 'v3', world.roleB);
      assert.deepEqual((await world.router.describe('tg-a')).map((d) => d.address).sort(), world.roleB.map((h) => world.addresses[h]).sort());
    });

    it('(c) shifts a canary from one target group to the other without a failed request', async () => {
      const summary = await underLoad(world, async () => {
        const id = await world.deploy({
          deploymentGroupName: 'canary-to-a', deploymentConfigName: `Canary10Short-${kind}`, targetInstances: { tagFilters: ROLE('a') },
        }, 'v4');
        await assertSucceeded(world, await world.fleet.waitForEnd(id, 90_000));
      });
      assertNoFailures(summary);
      assert.ok((summary.byBody[`${world.roleB[0]} v3`] ?? 0) > 0 && Object.keys(summary.byBody).some((b) => b.endsWith(' v4')), JSON.stringify(summary.byBody));
      assert.equal((await world.router.getWeights('web'))['tg-b'], 100);
      await assertServing(world, 'v4', world.roleA);
    });

    it('(d) puts all traffic back on the original target group when a canary is stopped with rollback', async () => {
      let stopped: DeploymentInfo | undefined;
      let canary: LoadSummary | undefined;
      const summary = await underLoad(world, async () => {
        const id = await world.deploy({
          deploymentGroupName: 'canary-to-b', deploymentConfigName: `Canary10Long-${kind}`, targetInstances: { tagFilters: ROLE('b') },
        }, 'v5');
        await waitFor(async () => (await world.router.getWeights('web'))['tg-a'] === 10, 'the 10 % canary step', 90_000);
        canary = await runLoad({ url: world.webUrl, count: SPLIT_REQUESTS, ratePerSecond: 500 });
        await world.fleet.admin.send(new StopDeploymentCommand({ deploymentId: id, autoRollbackEnabled: true }));
        stopped = await world.fleet.waitForEnd(id, 60_000);
        const rollbackId = stopped.rollbackInfo?.rollbackDeploymentId;
        assert.ok(rollbackId, `no rollback: ${JSON.stringify(stopped.rollbackInfo)}`);
        await assertSucceeded(world, await world.fleet.waitForEnd(rollbackId, 60_000));
      });
      assert.equal(stopped?.status, 'Stopped');
      assertNoFailures(summary);
      // The issue's weight accuracy: at the 10 % step, 10 % ± 2 % of 5,000 requests reach green.
      assertNoFailures(canary!);
      const green = Object.entries(canary!.byBody).filter(([body]) => body.endsWith(' v5')).reduce((sum, [, n]) => sum + n, 0);
      assert.ok(Math.abs(green / SPLIT_REQUESTS - 0.1) <= 0.02, `green answered ${green} of ${SPLIT_REQUESTS}: ${JSON.stringify(canary!.byBody)}`);
      assert.deepEqual(withoutZeros(await world.router.getWeights('web')), { 'tg-b': 100 });
      await assertServing(world, 'v4', world.roleA);
    });
  });
}

async function underLoad(world: TrafficWorld, work: () => Promise<void>): Promise<LoadSummary> {
  const load: LoadRun = startLoad({ url: world.webUrl, ratePerSecond: 250, connections: 4 });
  try {
    await work();
  } finally {
    // Keep the load on briefly after the end, where a late drain would show.
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const summary = await load.stop();
  assert.ok(summary.ratePerSecond >= 200, `only ${summary.ratePerSecond.toFixed(0)} requests per second`);
  return summary;
}

function assertNoFailures(summary: LoadSummary): void {
  assert.equal(summary.failures.length, 0, `${summary.failures.length} of ${summary.sent} requests failed:\n${describeFailures(summary)}\nanswers: ${JSON.stringify(summary.byBody)}`);
}

async function assertSucceeded(world: TrafficWorld, info: DeploymentInfo): Promise<void> {
  if (info.status === 'Succeeded') return;
  const targets = await world.fleet.targets(info.deploymentId!);
  const events = targets.map((t) => `${t.targetId} ${t.instanceLabel ?? ''} ${t.status}: ${(t.lifecycleEvents ?? [])
    .filter((e) => e.status !== 'Succeeded' && e.status !== 'Pending').map((e) => `${e.lifecycleEventName} ${e.status} ${e.diagnostics?.message ?? ''}`).join('; ')}`);
  assert.fail(`${info.deploymentId}: ${info.status} ${JSON.stringify(info.errorInformation)}\n${events.join('\n')}`);
}

/** Every answer through the listener now comes from `hosts` at `version`. */
async function assertServing(world: TrafficWorld, version: string, hosts: string[]): Promise<void> {
  const summary = await runLoad({ url: world.webUrl, count: 60, ratePerSecond: 300 });
  assertNoFailures(summary);
  const answers = Object.keys(summary.byBody).sort();
  assert.ok(answers.every((a) => a.endsWith(` ${version}`) && hosts.includes(a.split(' ')[0]!)), `answers ${JSON.stringify(summary.byBody)}`);
}

function withoutZeros(weights: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(weights).filter(([, w]) => w > 0));
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
