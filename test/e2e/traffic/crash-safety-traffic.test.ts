import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runLoad } from '../../support/load-generator.ts';
import { eventsOf, TrafficRig } from './traffic-rig.ts';

const INSTALL_HOOKS = ['ApplicationStop', 'DownloadBundle', 'BeforeInstall', 'Install', 'AfterInstall', 'ApplicationStart', 'ValidateService'];

/**
 * SIGKILLs the server repeatedly during a blue/green deployment with TERMINATE and restarts it
 * on the same data: the deployment must still end Succeeded with traffic on green, every hook run
 * once, and the operator's terminate command run at most once.
 */
describe('traffic crash safety', () => {
  it('finishes a blue/green cutover correctly although the server is SIGKILLed repeatedly', async (t) => {
    const scratch = mkdtempSync(join(tmpdir(), 'cutover-crash-'));
    const terminated = join(scratch, 'terminated');
    const rig = await TrafficRig.start({ dialect: 'sqlite', env: { CUTOVER_ON_TERMINATE: `echo "$CUTOVER_DEPLOYMENT_ID" >> ${terminated}` } });
    t.after(async () => {
      await rig.close();
      rmSync(scratch, { recursive: true, force: true });
    });
    const port = await rig.loadBalancer('cs-web', ['cs-tg']);
    const blue = await rig.hosts('cs', ['cs-blue-1']);
    await rig.hosts('cs-green', ['cs-green-1']);
    await rig.seed('cs-tg', [...blue.values()]);
    await rig.group('cs', 'cs', {
      deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
      loadBalancerInfo: { targetGroupInfoList: [{ name: 'cs-tg' }] },
      blueGreenDeploymentConfiguration: { terminateBlueInstancesOnDeploymentSuccess: { action: 'TERMINATE', terminationWaitTimeInMinutes: 1 } },
    });
    const id = await rig.deploy('cs', { targetInstances: { tagFilters: [{ Key: 'fleet', Value: 'cs-green', Type: 'KEY_AND_VALUE' }] } });
    for (const delay of [200, 400, 700]) {
      await new Promise((r) => setTimeout(r, delay));
      await rig.crashAndRestart();
    }
    const info = await rig.waitFor(id);
    assert.equal(info.status, 'Succeeded', JSON.stringify(info.errorInformation));
    assert.equal(info.instanceTerminationWaitTimeStarted, true);
    const [blueTarget, greenTarget] = await rig.targets(id);
    assert.ok(eventsOf(blueTarget!).every((e) => e.endsWith(':Succeeded')) && eventsOf(greenTarget!).every((e) => e.endsWith(':Succeeded')));
    assert.deepEqual(rig.agent('cs-green-1').executed, [...INSTALL_HOOKS, 'BeforeAllowTraffic', 'AfterAllowTraffic'], 'each green hook ran once, in order');
    assert.deepEqual(rig.agent('cs-blue-1').executed, ['BeforeBlockTraffic', 'AfterBlockTraffic'], 'each blue hook ran once');
    const runs = existsSync(terminated) ? readFileSync(terminated, 'utf8').trim().split('\n').filter((l) => l === id) : [];
    assert.ok(runs.length <= 1, `the terminate command ran ${runs.length} times`);
    const load = await runLoad({ url: `http://127.0.0.1:${port}/`, count: 20, ratePerSecond: 400 });
    assert.deepEqual(load.byBody, { 'cs-green-1': 20 });
  });
});
