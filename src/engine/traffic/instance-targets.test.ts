import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { trafficTargetOf } from './instance-targets.ts';

const tagged = (value?: string) => ({ instanceName: 'web-1', tags: value === undefined ? [{ Key: 'fleet', Value: 'web' }] : [{ Key: 'cutover:address', Value: value }] });

describe('trafficTargetOf', () => {
  for (const address of ['10.0.0.5:8080', 'web-1.internal:80', '[::1]:8080', 'localhost:65535']) {
    it(`accepts ${address} as the instance's address`, () => {
      assert.deepEqual(trafficTargetOf('web-1', tagged(address)), { ok: true, target: { instanceName: 'web-1', address } });
    });
  }

  for (const address of ['10.0.0.5', '10.0.0.5:0', '10.0.0.5:70000', ':8080', 'http://10.0.0.5:8080', '10.0.0.5:80 ']) {
    it(`refuses the malformed address ${JSON.stringify(address)}, naming the instance and the tag`, () => {
      const outcome = trafficTargetOf('web-1', tagged(address));
      assert.equal(outcome.ok, false);
      assert.match((outcome as { message: string }).message, /Instance web-1 has a malformed cutover:address tag/);
    });
  }

  it('says which tag to add when the instance has none', () => {
    const outcome = trafficTargetOf('web-1', tagged());
    assert.equal(outcome.ok, false);
    assert.match((outcome as { message: string }).message, /Instance web-1 has no cutover:address tag/);
  });

  it('says so when the instance is not registered', () => {
    assert.match((trafficTargetOf('gone', undefined) as { message: string }).message, /Instance gone is not registered/);
  });
});
