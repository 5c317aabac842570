import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runLoad } from '../../support/load-generator.ts';
import { eventsOf, TrafficRig } from './traffic-rig.ts';

const ORDER = [
  'BeforeBlockTraffic', 'BlockTraffic', 'AfterBlockTraffic', 'ApplicationStop', 'DownloadBundle', 'BeforeInstall', 'Install',
  'AfterInstall', 'ApplicationStart', 'ValidateService', 'BeforeAllowTraffic', 'AllowTraffic', 'AfterAllowTraffic',
];
const STYLE = { deploymentType: 'IN_PLACE', deploymentOption: 'WITH_TRAFFIC_CONTROL' } as const;

// One server and proxy for the file (each takes seconds to start); tests use their own names.
describe('in-place deployments with traffic control through a real cutover proxy', () => {
  let rig: TrafficRig;
  before(async () => (rig = await TrafficRig.start({ dialect: 'sqlite' })));
  after(() => rig?.close());

  it('takes each host out of its target group around the install, one at a time, and ends with all healthy', async () => {
    const port = await rig.loadBalancer('ip-web', ['ip-tg']);
    const backends = await rig.hosts('ip', ['ip-1', 'ip-2']);
    await rig.group('ip', 'ip', { deploymentStyle: STYLE, loadBalancerInfo: { targetGroupInfoList: [{ name: 'ip-tg' }] } });
    await rig.seed('ip-tg', [...backends.values()]);
    const id = await rig.deploy('ip');
    const membership = new Set<string>();
    let seenOneOut = false;
    for (;;) {
      const info = await rig.deployment(id);
      const healthy = await rig.healthyNames('ip-tg', backends);
      membership.add(healthy.join(','));
      if (info.status === 'InProgress' && healthy.length === 1) seenOneOut = true;
      if (['Succeeded', 'Failed', 'Stopped'].includes(info.status!)) break;
      await new Promise((r) => setTimeout(r, 30));
    }
    const info = await rig.deployment(id);
    assert.equal(info.status, 'Succeeded', JSON.stringify(info.errorInformation));
    for (const target of await rig.targets(id)) assert.deepEqual(eventsOf(target), ORDER.map((e) => `${e}:Succeeded`));
    assert.ok(seenOneOut, `one host was out of the group at some point (seen: ${[...membership].join(' | ')})`);
    assert.ok(![...membership].includes(''), 'never both out at once');
    await rig.until(async () => (await rig.healthyNames('ip-tg', backends)).length === 2, 'both hosts healthy again');
    const load = await runLoad({ url: `http://127.0.0.1:${port}/`, count: 40, ratePerSecond: 400 });
    assert.deepEqual(Object.keys(load.byBody).sort(), ['ip-1', 'ip-2']);
  });

  it('fails BlockTraffic with a message naming the instance and the tag when the address tag is missing', async () => {
    await rig.loadBalancer('nt-web', ['nt-tg']);
    await rig.hosts('nt', ['nt-1'], () => null);
    await rig.group('nt', 'nt', { deploymentStyle: STYLE, loadBalancerInfo: { targetGroupInfoList: [{ name: 'nt-tg' }] } });
    const info = await rig.waitFor(await rig.deploy('nt'));
    assert.equal(info.status, 'Failed');
    assert.equal(info.errorInformation?.code, 'ELB_INVALID_INSTANCE');
    assert.match(info.errorInformation!.message!, /Instance nt-1 has no cutover:address tag/);
    const [target] = await rig.targets(info.deploymentId!);
    assert.deepEqual(eventsOf(target!).slice(0, 3), ['BeforeBlockTraffic:Succeeded', 'BlockTraffic:Failed', 'AfterBlockTraffic:Skipped']);
  });

  it('fails with NOT_FOUND from the router when the group names a target group the proxy does not have', async () => {
    await rig.hosts('nf', ['nf-1']);
    await rig.group('nf', 'nf', { deploymentStyle: STYLE, loadBalancerInfo: { targetGroupInfoList: [{ name: 'no-such-tg' }] } });
    const info = await rig.waitFor(await rig.deploy('nf'));
    assert.equal(info.status, 'Failed');
    assert.equal(info.errorInformation?.code, 'ELASTIC_LOAD_BALANCING_INVALID');
    assert.match(info.errorInformation!.message!, /could not deregister nf-1 in target group no-such-tg\. NOT_FOUND/);
  });

  it('fails AllowTraffic with CUSTOMER_APPLICATION_UNHEALTHY when the host never passes its health check', async () => {
    await rig.loadBalancer('uh-web', ['uh-tg']);
    await rig.hosts('uh', ['uh-1'], () => '127.0.0.1:9');
    await rig.group('uh', 'uh', { deploymentStyle: STYLE, loadBalancerInfo: { targetGroupInfoList: [{ name: 'uh-tg' }] } });
    const info = await rig.waitFor(await rig.deploy('uh'));
    assert.equal(info.status, 'Failed');
    assert.equal(info.errorInformation?.code, 'CUSTOMER_APPLICATION_UNHEALTHY');
    assert.match(info.errorInformation!.message!, /uh-1 did not become healthy in its target groups within 8 seconds \(uh-tg: unhealthy\)/);
  });
});
