import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DIALECTS, openTestStore } from '../../test/support/dialects.ts';

for (const dialect of DIALECTS) {
  describe(`HostCommandStore on ${dialect}`, () => {
    it('delivers one command at a time per host, oldest first, and only once', async (t) => {
      const { store, close } = await openTestStore(dialect);
      t.after(close);
      await store.db.transaction().execute((trx) => store.hostCommands.insertIn(trx, [
        { hostCommandId: 'c1', deploymentId: 'd-AAAAAAAAA', instanceName: 'web-1', commandName: 'ApplicationStop' },
        { hostCommandId: 'c2', deploymentId: 'd-AAAAAAAAA', instanceName: 'web-1', commandName: 'DownloadBundle' },
        { hostCommandId: 'c3', deploymentId: 'd-AAAAAAAAA', instanceName: 'web-2', commandName: 'ApplicationStop' },
      ]));
      assert.deepEqual([...await store.hostCommands.busyInstances()].sort(), ['web-1', 'web-2']);
      const [first, second] = await Promise.all([store.hostCommands.claimNext('web-1'), store.hostCommands.claimNext('web-1')]);
      assert.deepEqual([first?.hostCommandId, second?.hostCommandId].filter(Boolean), ['c1']);
      assert.equal(await store.hostCommands.claimNext('web-1'), undefined, 'c2 waits while c1 is outstanding');
      assert.equal(await store.hostCommands.complete('c1', 'Succeeded', '{"error_code":0}'), true);
      assert.equal((await store.hostCommands.claimNext('web-1'))?.hostCommandId, 'c2');
    });

    it('keeps the first completion and ignores a duplicate', async (t) => {
      const { store, close } = await openTestStore(dialect);
      t.after(close);
      await store.db.transaction().execute((trx) => store.hostCommands.insertIn(trx, [
        { hostCommandId: 'c1', deploymentId: 'd-AAAAAAAAA', instanceName: 'web-1', commandName: 'AfterInstall' },
      ]));
      await store.hostCommands.claimNext('web-1');
      const acked = await store.hostCommands.acknowledge('c1', 120);
      assert.equal(acked?.timeoutSeconds, 120);
      assert.equal(await store.hostCommands.complete('c1', 'Failed', '{"error_code":4}'), true);
      assert.equal(await store.hostCommands.complete('c1', 'Failed', '{"error_code":5}'), false);
      assert.equal((await store.hostCommands.get('c1'))?.diagnostics, '{"error_code":4}');
    });

    it('appends uploaded log chunks in order and lists them per deployment', async (t) => {
      const { store, close } = await openTestStore(dialect);
      t.after(close);
      await store.db.transaction().execute((trx) => store.hostCommands.insertIn(trx, [
        { hostCommandId: 'c1', deploymentId: 'd-AAAAAAAAA', instanceName: 'web-1', commandName: 'AfterInstall' },
      ]));
      await store.hostCommands.appendLog('c1', 'line 1\n');
      await store.hostCommands.appendLog('c1', 'line 2\n');
      assert.deepEqual(await store.hostCommands.logs('d-AAAAAAAAA'), [{ hostCommandId: 'c1', instanceName: 'web-1', commandName: 'AfterInstall', log: 'line 1\nline 2\n', complete: false }]);
      assert.deepEqual(await store.hostCommands.logs('d-AAAAAAAAA', 'web-2'), []);
    });

    it('delivers an unacknowledged command again once the redelivery delay has passed', async (t) => {
      let now = 1_000_000;
      const { store, close } = await openTestStore(dialect, { now: () => now });
      t.after(close);
      await store.db.transaction().execute((trx) => store.hostCommands.insertIn(trx, [
        { hostCommandId: 'c1', deploymentId: 'd-AAAAAAAAA', instanceName: 'web-1', commandName: 'Install' },
      ]));
      assert.equal((await store.hostCommands.claimNext('web-1', 10_000))?.hostCommandId, 'c1');
      now += 5_000;
      assert.equal(await store.hostCommands.claimNext('web-1', 10_000), undefined, 'not yet');
      now += 6_000;
      assert.equal((await store.hostCommands.claimNext('web-1', 10_000))?.hostCommandId, 'c1', 'the lost delivery is repeated');
      await store.hostCommands.acknowledge('c1');
      now += 60_000;
      assert.equal(await store.hostCommands.claimNext('web-1', 10_000), undefined, 'an acknowledged command is never repeated');
    });
  });
}
