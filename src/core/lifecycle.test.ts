import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isLifecycleEventDone, lifecycleEventNames, RESERVED_LIFECYCLE_EVENTS, type LifecycleOrderOptions } from './lifecycle.ts';

const INSTALL = ['ApplicationStop', 'DownloadBundle', 'BeforeInstall', 'Install', 'AfterInstall', 'ApplicationStart', 'ValidateService'];
const BLOCK = ['BeforeBlockTraffic', 'BlockTraffic', 'AfterBlockTraffic'];
const ALLOW = ['BeforeAllowTraffic', 'AllowTraffic', 'AfterAllowTraffic'];

describe('lifecycle event order', () => {
  const table: [string, LifecycleOrderOptions, string[]][] = [
    ['a Server in-place target without a load balancer', { computePlatform: 'Server' }, INSTALL],
    ['a Server in-place target with an explicit style',
      { computePlatform: 'Server', deploymentStyle: { deploymentType: 'IN_PLACE', deploymentOption: 'WITHOUT_TRAFFIC_CONTROL' } }, INSTALL],
    ['a Server in-place target behind a load balancer',
      { computePlatform: 'Server', deploymentStyle: { deploymentType: 'IN_PLACE', deploymentOption: 'WITH_TRAFFIC_CONTROL' } },
      [...BLOCK, ...INSTALL, ...ALLOW]],
    ['a blue/green replacement (Green) instance',
      { computePlatform: 'Server', deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' }, instanceLabel: 'Green' },
      [...INSTALL, ...ALLOW]],
    ['a blue/green original (Blue) instance',
      { computePlatform: 'Server', deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' }, instanceLabel: 'Blue' },
      BLOCK],
    ['an ECS service', { computePlatform: 'ECS' },
      ['BeforeInstall', 'Install', 'AfterInstall', 'AllowTestTraffic', 'AfterAllowTestTraffic', ...ALLOW]],
    ['a Lambda function', { computePlatform: 'Lambda' }, ALLOW],
  ];
  for (const [what, options, names] of table) {
    it(`runs ${names.length} events in platform order for ${what}`, () => {
      assert.deepEqual(lifecycleEventNames(options), names);
    });
  }

  it('returns a fresh array each time, so callers may change it', () => {
    const first = lifecycleEventNames({ computePlatform: 'Lambda' });
    first.pop();
    assert.equal(lifecycleEventNames({ computePlatform: 'Lambda' }).length, 3);
  });

  it('marks the events no hook may run in', () => {
    assert.deepEqual([...RESERVED_LIFECYCLE_EVENTS].sort(), ['AllowTestTraffic', 'AllowTraffic', 'BlockTraffic', 'DownloadBundle', 'Install']);
  });

  it('treats only Pending and InProgress events as unfinished', () => {
    assert.equal(isLifecycleEventDone('Pending'), false);
    assert.equal(isLifecycleEventDone('InProgress'), false);
    for (const s of ['Succeeded', 'Failed', 'Skipped', 'Unknown'] as const) assert.equal(isLifecycleEventDone(s), true);
  });
});
