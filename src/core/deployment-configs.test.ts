import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  defaultConfigFor, findPredefinedConfig, hasReservedConfigPrefix, isPredefinedConfig, PREDEFINED_CONFIG_NAMES,
} from './deployment-configs.ts';

describe('predefined deployment configs', () => {
  it('are the 17 documented names, each with a distinct fixed id', () => {
    assert.equal(PREDEFINED_CONFIG_NAMES.length, 17);
    assert.ok(PREDEFINED_CONFIG_NAMES.every((n) => n.startsWith('CodeDeployDefault.')));
    const ids = PREDEFINED_CONFIG_NAMES.map((n) => findPredefinedConfig(n)!.deploymentConfigId);
    assert.equal(new Set(ids).size, 17);
    assert.equal(ids[0], '00000000-0000-0000-0000-000000000001');
    // The documented plural quirk: ECS linear configs end in "Minutes", the Lambda one in "Minute".
    assert.ok(isPredefinedConfig('CodeDeployDefault.ECSLinear10PercentEvery1Minutes'));
    assert.ok(isPredefinedConfig('CodeDeployDefault.LambdaLinear10PercentEvery1Minute'));
  });

  it('count per platform: three Server, five ECS and nine Lambda configs', () => {
    const count = (p: string) => PREDEFINED_CONFIG_NAMES.filter((n) => findPredefinedConfig(n)!.computePlatform === p).length;
    assert.deepEqual([count('Server'), count('ECS'), count('Lambda')], [3, 5, 9]);
  });

  it('carry traffic routing that matches their names', () => {
    for (const name of PREDEFINED_CONFIG_NAMES) {
      const routing = findPredefinedConfig(name)!.trafficRoutingConfig;
      const canary = /Canary10Percent(\d+)Minutes$/.exec(name);
      const linear = /Linear10PercentEvery(\d+)Minutes?$/.exec(name);
      if (canary) assert.deepEqual(routing, { type: 'TimeBasedCanary', timeBasedCanary: { canaryPercentage: 10, canaryInterval: Number(canary[1]) } });
      else if (linear) assert.deepEqual(routing, { type: 'TimeBasedLinear', timeBasedLinear: { linearPercentage: 10, linearInterval: Number(linear[1]) } });
      else if (/(ECS|Lambda)AllAtOnce$/.test(name)) assert.deepEqual(routing, { type: 'AllAtOnce' });
      else assert.equal(routing, undefined, name);
    }
  });

  it('are found by exact name only and handed out as copies', () => {
    assert.equal(findPredefinedConfig('CodeDeployDefault.oneAtATime'), undefined);
    const copy = findPredefinedConfig('CodeDeployDefault.LambdaCanary10Percent5Minutes')!;
    copy.trafficRoutingConfig!.timeBasedCanary!.canaryInterval = 99;
    assert.equal(findPredefinedConfig('CodeDeployDefault.LambdaCanary10Percent5Minutes')!.trafficRoutingConfig!.timeBasedCanary!.canaryInterval, 5);
  });

  it('reserve their prefix in any letter case and give each platform its default', () => {
    assert.ok(hasReservedConfigPrefix('codedeploydefault.Mine'));
    assert.ok(!hasReservedConfigPrefix('CodeDeployDefaultMine'));
    assert.equal(defaultConfigFor('Server'), 'CodeDeployDefault.OneAtATime');
    assert.equal(defaultConfigFor('ECS'), 'CodeDeployDefault.ECSAllAtOnce');
    assert.equal(defaultConfigFor('Lambda'), 'CodeDeployDefault.LambdaAllAtOnce');
  });
});
