import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AddTagsToOnPremisesInstancesCommand } from '@aws-sdk/client-codedeploy';
import { startFleet, type Fleet } from '../../support/fleet.ts';
import { startTestBackend, type TestBackend } from '../../support/load-generator.ts';
import { startProxyProcess, type ProxyProcess } from '../../support/proxy-process.ts';
import type { BundleFiles } from '../../support/s3.ts';
import { hookScript } from '../fleet/support/hook-bundle.ts';

const HOOKS = [
  'BeforeBlockTraffic', 'AfterBlockTraffic', 'ApplicationStop', 'BeforeInstall', 'AfterInstall', 'ApplicationStart', 'ValidateService',
  'BeforeAllowTraffic', 'AfterAllowTraffic',
];

/** A bundle hooking every event an in-place deployment with traffic control may run. */
function trafficBundle(version: string): BundleFiles {
  const files: BundleFiles = {
    'appspec.yml': ['version: 0.0', 'os: linux', 'files:', '  - source: app', '    destination: app', 'hooks:',
      ...HOOKS.map((e) => `  ${e}:\n    - location: scripts/${e}.sh\n      timeout: 30`)].join('\n') + '\n',
    'app/version.txt': version,
  };
  for (const event of HOOKS) files[`scripts/${event}.sh`] = { content: hookScript(version, ''), mode: 0o755 };
  return files;
}

// Real `cutover agent` processes run the traffic hooks; the server drives a real cutover proxy.
describe('in-place with traffic control on real agents', () => {
  let proxy: ProxyProcess;
  let fleet: Fleet;
  const backends: TestBackend[] = [];
  before(async () => {
    proxy = await startProxyProcess({ drainTimeoutSeconds: 1 });
    fleet = await startFleet({
      name: 'tch', hosts: 1, serverEnv: {
        CUTOVER_TRAFFIC_ROUTER: 'proxy', CUTOVER_PROXY_ADMIN_URL: proxy.adminUrl, CUTOVER_PROXY_ADMIN_TOKEN_FILE: join(proxy.dataDir, 'admin-token'),
        CUTOVER_TRAFFIC_HEALTH_TIMEOUT: '10',
      },
    });
    for (const host of fleet.hosts) {
      const backend = await startTestBackend(host.name);
      backends.push(backend);
      await fleet.admin.send(new AddTagsToOnPremisesInstancesCommand({ instanceNames: [host.name], tags: [{ Key: 'cutover:address', Value: backend.address }] }));
    }
    const health = { path: '/', intervalSeconds: 0.2, timeoutSeconds: 1, healthyThreshold: 2, unhealthyThreshold: 2 };
    const response = await fetch(`${proxy.adminUrl}/v1/target-groups/tch-tg`, {
      method: 'PUT', headers: { authorization: `Bearer ${proxy.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ healthCheck: health, deregistrationDelaySeconds: 1 }),
    });
    assert.equal(response.status, 200);
  });
  after(async () => {
    await fleet?.close();
    await Promise.all(backends.map((b) => b.close()));
    await proxy?.stop();
  });

  it('runs the block-traffic hooks from the last revision and the allow-traffic hooks from the new one, around the router steps', async () => {
    await fleet.givenGroup('prod', {
      deploymentStyle: { deploymentType: 'IN_PLACE', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
      loadBalancerInfo: { targetGroupInfoList: [{ name: 'tch-tg' }] },
    });
    const first = await fleet.waitForEnd(await fleet.deploy('prod', trafficBundle('v1')));
    assert.equal(first.status, 'Succeeded', JSON.stringify(first.errorInformation));
    const second = await fleet.waitForEnd(await fleet.deploy('prod', trafficBundle('v2')));
    assert.equal(second.status, 'Succeeded', JSON.stringify(second.errorInformation));
    for (const host of fleet.hosts) {
      const log = fleet.readHostFile(host.name, 'events.log')!.trim().split('\n');
      const secondRun = log.slice(log.indexOf('AfterAllowTraffic v1') + 1);
      assert.deepEqual(secondRun, [
        'BeforeBlockTraffic v1', 'AfterBlockTraffic v1', 'ApplicationStop v1', 'BeforeInstall v2', 'AfterInstall v2',
        'ApplicationStart v2', 'ValidateService v2', 'BeforeAllowTraffic v2', 'AfterAllowTraffic v2',
      ], `${host.name}: ${log.join(', ')}`);
    }
    const targets = await fleet.targets(second.deploymentId!);
    for (const target of targets) {
      assert.ok(target.lifecycleEvents!.every((e) => e.status === 'Succeeded'), JSON.stringify(target.lifecycleEvents));
    }
    const members = await (await fetch(`${proxy.adminUrl}/v1/target-groups/tch-tg`, { headers: { authorization: `Bearer ${proxy.adminToken}` } })).json() as { targets: { state: string }[] };
    assert.deepEqual(members.targets.map((t) => t.state), ['healthy']);
  });
});
