import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateDeploymentConfigCommand, StopDeploymentCommand, type TrafficRoutingConfig } from '@aws-sdk/client-codedeploy';
import { runLoad } from '../../support/load-generator.ts';
import { isFinal, TrafficRig } from './traffic-rig.ts';

const STYLE = { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' } as const;

/** The listener's split without the zero entries, as a stable string. */
function split(weights: Record<string, number>): string {
  return Object.entries(weights).filter(([, w]) => w > 0).sort().map(([g, w]) => `${g}=${w}`).join(',');
}

// One server and proxy for the file; each test has its own pair of target groups and listener.
describe('canary shifting for Server blue/green (Cutover extension) through a real cutover proxy', () => {
  let rig: TrafficRig;
  before(async () => (rig = await TrafficRig.start({ dialect: 'sqlite', healthTimeout: 4 })));
  after(() => rig?.close());

  async function world(p: string, routing: TrafficRoutingConfig) {
    const port = await rig.loadBalancer(`${p}-web`, [`${p}-a`, `${p}-b`]);
    const blue = await rig.hosts(p, [`${p}-blue-1`]);
    await rig.hosts(`${p}-green`, [`${p}-green-1`]);
    await rig.seed(`${p}-a`, [...blue.values()]);
    await rig.client.send(new CreateDeploymentConfigCommand({
      deploymentConfigName: `${p}-canary`, computePlatform: 'Server', minimumHealthyHosts: { type: 'HOST_COUNT', value: 0 }, trafficRoutingConfig: routing,
    }));
    await rig.group(p, p, {
      deploymentStyle: STYLE, deploymentConfigName: `${p}-canary`,
      autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_STOP_ON_REQUEST'] },
      loadBalancerInfo: { targetGroupPairInfoList: [{ targetGroups: [{ name: `${p}-a` }, { name: `${p}-b` }], prodTrafficRoute: { listenerArns: [`${p}-web`] } }] },
    });
    const deploy = () => rig.deploy(p, { targetInstances: { tagFilters: [{ Key: 'fleet', Value: `${p}-green`, Type: 'KEY_AND_VALUE' }] } });
    const served = async (count = 20) => (await runLoad({ url: `http://127.0.0.1:${port}/`, count, ratePerSecond: 400 })).byBody;
    return { deploy, served };
  }

  it('shifts 10% to green, holds for the canary interval, then 100%, each step visible on the router', async () => {
    const w = await world('cn', { type: 'TimeBasedCanary', timeBasedCanary: { canaryPercentage: 10, canaryInterval: 5 } });
    const id = await w.deploy();
    const seen: string[] = [];
    let canaryTraffic: Record<string, number> | undefined;
    for (;;) {
      const now = split(await rig.router.getWeights('cn-web'));
      if (seen.at(-1) !== now) seen.push(now);
      if (now === 'cn-a=90,cn-b=10' && !canaryTraffic) canaryTraffic = await w.served(100);
      if (isFinal(await rig.deployment(id))) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    // The last shift, the drain of blue and the end can all fall between two polls.
    const last = split(await rig.router.getWeights('cn-web'));
    if (seen.at(-1) !== last) seen.push(last);
    const info = await rig.deployment(id);
    assert.equal(info.status, 'Succeeded', JSON.stringify(info.errorInformation));
    assert.deepEqual(seen, ['cn-a=100', 'cn-a=90,cn-b=10', 'cn-b=100']);
    assert.ok((canaryTraffic?.['cn-green-1'] ?? 0) > 0 && (canaryTraffic?.['cn-blue-1'] ?? 0) > 50, JSON.stringify(canaryTraffic));
    assert.deepEqual(await rig.members('cn-a'), [], 'blue left the blue group');
    assert.deepEqual(Object.keys(await w.served()), ['cn-green-1']);
  });

  it('puts the split back to all-blue and deregisters green when stopped with rollback during the canary', async () => {
    const w = await world('cr', { type: 'TimeBasedCanary', timeBasedCanary: { canaryPercentage: 10, canaryInterval: 600 } });
    const id = await w.deploy();
    await rig.until(async () => split(await rig.router.getWeights('cr-web')) === 'cr-a=90,cr-b=10', 'the canary step');
    await rig.client.send(new StopDeploymentCommand({ deploymentId: id }));
    const stopped = await rig.waitFor(id);
    assert.equal(stopped.status, 'Stopped');
    const rollback = await rig.waitFor(stopped.rollbackInfo!.rollbackDeploymentId!);
    assert.equal(rollback.status, 'Succeeded', JSON.stringify(rollback.errorInformation));
    assert.equal(split(await rig.router.getWeights('cr-web')), 'cr-a=100');
    assert.deepEqual(await rig.members('cr-b'), [], 'green left the green group');
    assert.deepEqual(Object.keys(await w.served()), ['cr-blue-1']);
  });
});
