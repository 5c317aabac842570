import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { freePort } from '../../support/haproxy.ts';
import { runLoad } from '../../support/load-generator.ts';
import { eventsOf, TrafficRig, type RigOptions } from './traffic-rig.ts';

const STYLE = { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' } as const;

/**
 * A blue/green deployment whose server cannot use the load balancer: green installs, then
 * AllowTraffic fails with the router's reason, and the proxy (driven by the test itself) still
 * sends every request to blue.
 */
async function failsAtAllowTraffic(options: Omit<RigOptions, 'dialect'>, reason: RegExp): Promise<void> {
  const rig = await TrafficRig.start({ dialect: 'sqlite', healthTimeout: 3, ...options });
  try {
    const port = await rig.loadBalancer('f-web', ['f-tg']);
    const blue = await rig.hosts('f', ['f-blue-1']);
    await rig.hosts('f-green', ['f-green-1']);
    await rig.seed('f-tg', [...blue.values()]);
    await rig.group('f', 'f', {
      deploymentStyle: STYLE, loadBalancerInfo: { targetGroupInfoList: [{ name: 'f-tg' }] },
      autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_FAILURE'] },
    });
    const info = await rig.waitFor(await rig.deploy('f', { targetInstances: { tagFilters: [{ Key: 'fleet', Value: 'f-green', Type: 'KEY_AND_VALUE' }] } }));
    assert.equal(info.status, 'Failed');
    assert.equal(info.errorInformation?.code, 'ELASTIC_LOAD_BALANCING_INVALID');
    assert.match(info.errorInformation!.message!, reason);
    const green = (await rig.targets(info.deploymentId!)).find((t) => t.instanceTarget?.instanceLabel === 'Green')!;
    assert.ok(eventsOf(green).includes('ValidateService:Succeeded') && eventsOf(green).includes('AllowTraffic:Failed'), eventsOf(green).join(' '));
    const load = await runLoad({ url: `http://127.0.0.1:${port}/`, count: 20, ratePerSecond: 400 });
    assert.deepEqual(load.byBody, { 'f-blue-1': 20 }, 'traffic stays where it was');
  } finally {
    await rig.close();
  }
}

describe('traffic router failures', () => {
  it('fails AllowTraffic with UNREACHABLE when nothing answers at the router\'s admin address', async () => {
    await failsAtAllowTraffic({ adminUrl: `http://127.0.0.1:${await freePort()}` },
      /could not register f-green-1 in target group f-tg\. UNREACHABLE/);
  });

  it('fails AllowTraffic with REFUSED when the router\'s admin API refuses the server\'s token', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'cutover-token-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'admin-token'), 'not-the-token\n');
    await failsAtAllowTraffic({ tokenFile: join(dir, 'admin-token') }, /could not register f-green-1 in target group f-tg\. REFUSED/);
  });
});
