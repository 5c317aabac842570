import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HaproxyRouter } from '../../../src/engine/traffic/haproxy-router.ts';
import { startHaproxy } from '../../support/haproxy.ts';
import { runLoad, startTestBackend } from '../../support/load-generator.ts';
import { assertFailure, fetchText, waitFor, waitForState } from '../../support/router-assertions.ts';

const GROUPS = [{ name: 'blue' }, { name: 'green' }];
const LISTENERS = [{ name: 'web', targetGroups: ['blue', 'green'] }];

describe('HaproxyRouter against a real HAProxy', () => {
  it('registers a target as initial, then healthy once its checks pass, and traffic reaches it', async (t) => {
    const haproxy = await startHaproxy({ listeners: LISTENERS, targetGroups: GROUPS });
    t.after(() => haproxy.stop());
    const backend = await startTestBackend('blue-1');
    t.after(() => backend.close());
    const router = new HaproxyRouter({ socket: haproxy.socket });

    await router.register('blue', [{ instanceName: 'host-1', address: backend.address }]);
    assert.deepEqual(await router.describe('blue'), [{ instanceName: 'host-1', address: backend.address, state: 'initial' }]);
    await waitForState(router, 'blue', backend.address, 'healthy');
    const summary = await runLoad({ url: `http://127.0.0.1:${haproxy.ports.web}/`, count: 50, ratePerSecond: 500 });
    assert.deepEqual(summary.byBody, { 'blue-1': 50 });
  });

  it('registers the same target twice without taking a second slot', async (t) => {
    const haproxy = await startHaproxy({ listeners: LISTENERS, targetGroups: GROUPS });
    t.after(() => haproxy.stop());
    const router = new HaproxyRouter({ socket: haproxy.socket });
    const target = { instanceName: 'host-1', address: '127.0.0.1:9' };
    await router.register('blue', [target]);
    await router.register('blue', [target]);
    assert.equal((await router.describe('blue')).length, 1);
  });

  it('describes a target registered by host name with the address it was registered as', async (t) => {
    const haproxy = await startHaproxy({ listeners: LISTENERS, targetGroups: GROUPS });
    t.after(() => haproxy.stop());
    const router = new HaproxyRouter({ socket: haproxy.socket });
    await router.register('blue', [{ instanceName: 'host-1', address: 'localhost:9' }]);
    assert.deepEqual((await router.describe('blue')).map((d) => [d.instanceName, d.address]), [['host-1', 'localhost:9']]);
    await router.deregister('blue', [{ instanceName: 'host-1', address: 'localhost:9' }]);
    await waitFor(async () => (await router.describe('blue')).length === 0, 'the target to be gone');
  });

  it('reports a target whose checks fail as unhealthy', async (t) => {
    const haproxy = await startHaproxy({ listeners: LISTENERS, targetGroups: GROUPS });
    t.after(() => haproxy.stop());
    const router = new HaproxyRouter({ socket: haproxy.socket });
    await router.register('blue', [{ instanceName: 'host-1', address: '127.0.0.1:9' }]);
    await waitForState(router, 'blue', '127.0.0.1:9', 'unhealthy');
  });

  it('drains a deregistered target while a request is in flight, then it is absent and its slot free', async (t) => {
    const haproxy = await startHaproxy({ listeners: LISTENERS, targetGroups: [{ name: 'blue', slots: 1 }, { name: 'green' }] });
    t.after(() => haproxy.stop());
    const backend = await startTestBackend('blue-1');
    t.after(() => backend.close());
    const router = new HaproxyRouter({ socket: haproxy.socket });
    await router.register('blue', [{ instanceName: 'host-1', address: backend.address }]);
    await waitForState(router, 'blue', backend.address, 'healthy');

    const slow = fetchText(`http://127.0.0.1:${haproxy.ports.web}/slow?ms=800`);
    await waitFor(async () => backend.inFlight() > 0, 'the slow request to be in flight');
    await router.deregister('blue', [{ instanceName: 'host-1', address: backend.address }]);
    assert.equal((await router.describe('blue'))[0]?.state, 'draining');
    assert.equal(await slow, 'blue-1');
    await waitFor(async () => (await router.describe('blue')).length === 0, 'the drained target to be gone');
    // The only slot is free again: another target can take it.
    await router.register('blue', [{ instanceName: 'host-2', address: '127.0.0.1:9' }]);
    assert.deepEqual((await router.describe('blue')).map((d) => d.instanceName), ['host-2']);
  });

  it('sets weights atomically and reads back the split HAProxy applies', async (t) => {
    const haproxy = await startHaproxy({ listeners: LISTENERS, targetGroups: GROUPS });
    t.after(() => haproxy.stop());
    const router = new HaproxyRouter({ socket: haproxy.socket });
    assert.deepEqual(await router.getWeights('web'), { blue: 100 });
    await router.setWeights('web', { blue: 90, green: 10 });
    assert.deepEqual(await router.getWeights('web'), { blue: 90, green: 10 });
    await router.setWeights('web', { green: 100 });
    assert.deepEqual(await router.getWeights('web'), { green: 100 });
  });

  it('refuses weights that do not sum to 100 or name an unknown target group', async (t) => {
    const haproxy = await startHaproxy({ listeners: LISTENERS, targetGroups: GROUPS });
    t.after(() => haproxy.stop());
    const router = new HaproxyRouter({ socket: haproxy.socket });
    await assertFailure(router.setWeights('web', { blue: 90, green: 20 }), 'REFUSED');
    await assertFailure(router.setWeights('web', { blue: 90, purple: 10 }), 'REFUSED');
    await assertFailure(router.getWeights('nosuch'), 'NOT_FOUND');
    await assertFailure(router.describe('nosuch'), 'NOT_FOUND');
    assert.deepEqual(await router.getWeights('web'), { blue: 100 });
  });

  it('refuses a registration when the backend has no free slot', async (t) => {
    const haproxy = await startHaproxy({ listeners: LISTENERS, targetGroups: [{ name: 'blue', slots: 1 }, { name: 'green' }] });
    t.after(() => haproxy.stop());
    const router = new HaproxyRouter({ socket: haproxy.socket });
    await router.register('blue', [{ instanceName: 'host-1', address: '127.0.0.1:9' }]);
    await assertFailure(router.register('blue', [{ instanceName: 'host-2', address: '127.0.0.1:10' }]), 'REFUSED');
  });

  it('fails with UNREACHABLE when the admin socket is gone', async (t) => {
    const haproxy = await startHaproxy({ listeners: LISTENERS, targetGroups: GROUPS });
    const router = new HaproxyRouter({ socket: haproxy.socket });
    await haproxy.stop();
    t.after(() => haproxy.stop());
    await assertFailure(router.describe('blue'), 'UNREACHABLE');
    await assertFailure(router.register('blue', [{ instanceName: 'host-1', address: '127.0.0.1:9' }]), 'UNREACHABLE');
  });
});
