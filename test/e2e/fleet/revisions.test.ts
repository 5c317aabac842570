import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFleet, type Fleet } from '../../support/fleet.ts';
import { hookBundle } from './support/hook-bundle.ts';

// Successive revisions on three real agents: ApplicationStop runs the previous revision's
// script, and a failing ValidateService under OneAtATime ends in HEALTH_CONSTRAINTS and an
// automatic rollback (DEPLOYMENT_FAILURE) that puts the last good revision back on every host.

const GROUP = 'revisions';
// Records which revision's script ran and from where.
const STOP_PROOF = { ApplicationStop: 'echo "$VERSION $0" >> stop-runs.log' };

let fleet: Fleet;
const ids: Record<string, string> = {};

function eventsLog(host: string): string[] {
  return (fleet.readHostFile(host, 'events.log') ?? '').trim().split('\n');
}

describe('successive revisions on a fleet of three real agents', () => {
  before(async () => {
    fleet = await startFleet({ name: 'revisions', hosts: 3, dialect: 'postgres' });
    await fleet.givenGroup(GROUP, { autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_FAILURE'] } });
  });
  after(() => fleet?.close());

  it('runs no ApplicationStop on the first deployment, then the previous revision\'s script on the second', async () => {
    ids.v1 = await fleet.deploy(GROUP, hookBundle({ version: 'v1', hooks: STOP_PROOF }), { deploymentConfigName: 'CodeDeployDefault.AllAtOnce' });
    assert.equal((await fleet.waitForEnd(ids.v1)).status, 'Succeeded');
    for (const host of fleet.hosts) assert.equal(fleet.readHostFile(host.name, 'stop-runs.log'), undefined, `${host.name} ran an ApplicationStop`);

    ids.v2 = await fleet.deploy(GROUP, hookBundle({ version: 'v2', hooks: STOP_PROOF }), { deploymentConfigName: 'CodeDeployDefault.AllAtOnce' });
    assert.equal((await fleet.waitForEnd(ids.v2)).status, 'Succeeded');
    for (const host of fleet.hosts) {
      const runs = fleet.readHostFile(host.name, 'stop-runs.log')!.trim().split('\n');
      assert.equal(runs.length, 1);
      assert.match(runs[0]!, new RegExp(`^v1 .*/${ids.v1}/deployment-archive/scripts/ApplicationStop\\.sh$`), 'the script of v1, from v1\'s archive');
      assert.deepEqual(eventsLog(host.name).slice(-5), ['ApplicationStop v1', 'BeforeInstall v2', 'AfterInstall v2', 'ApplicationStart v2', 'ValidateService v2']);
      assert.equal(fleet.readHostFile(host.name, 'app/version.txt'), 'v2');
    }
    for (const target of await fleet.targets(ids.v2)) {
      assert.equal(target.lifecycleEvents!.find((e) => e.lifecycleEventName === 'ApplicationStop')!.status, 'Succeeded');
    }
  });

  it('stops a OneAtATime deployment whose first ValidateService fails with HEALTH_CONSTRAINTS and rolls back to the last good revision', async () => {
    ids.v3 = await fleet.deploy(GROUP, hookBundle({ version: 'v3', hooks: { ...STOP_PROOF, ValidateService: 'echo "v3 is unhealthy"; exit 5' } }));
    const failed = await fleet.waitForEnd(ids.v3);
    assert.equal(failed.status, 'Failed');
    assert.equal(failed.errorInformation?.code, 'HEALTH_CONSTRAINTS');
    assert.deepEqual(failed.deploymentOverview, { Pending: 0, InProgress: 0, Succeeded: 0, Failed: 1, Skipped: 2, Ready: 0 });
    const rollbackId = failed.rollbackInfo?.rollbackDeploymentId;
    assert.ok(rollbackId, `no rollback: ${JSON.stringify(failed.rollbackInfo)}`);
    const targets = await fleet.targets(ids.v3);
    const broken = targets.find((t) => t.status === 'Failed')!;
    const validate = broken.lifecycleEvents!.find((e) => e.lifecycleEventName === 'ValidateService')!;
    assert.equal(validate.diagnostics?.errorCode, 'ScriptFailed');
    assert.match(validate.diagnostics?.logTail ?? '', /v3 is unhealthy/);
    assert.ok(targets.filter((t) => t.targetId !== broken.targetId).every((t) => t.status === 'Skipped'));

    const rollback = await fleet.waitForEnd(rollbackId);
    assert.equal(rollback.status, 'Succeeded', JSON.stringify(rollback.errorInformation));
    assert.equal(rollback.creator, 'codeDeployRollback');
    assert.equal(rollback.rollbackInfo?.rollbackTriggeringDeploymentId, ids.v3);
    assert.deepEqual(rollback.revision, (await fleet.deployment(ids.v2)).revision);
    assert.deepEqual((await fleet.targets(rollbackId)).map((t) => [t.targetId, t.status]), fleet.hosts.map((h) => [h.name, 'Succeeded']));
    for (const host of fleet.hosts) assert.equal(fleet.readHostFile(host.name, 'app/version.txt'), 'v2', `${host.name} is back on v2`);
    // The broken host installed v3 and ran its hooks; the rollback ran v2's again over it. Its
    // ApplicationStop is v3's: "last successful install" is written when Install succeeds, not
    // when the deployment does (host-agent.md §3.1), and v3's Install succeeded.
    assert.deepEqual(eventsLog(broken.targetId!).slice(-10), [
      'ApplicationStop v2', 'BeforeInstall v3', 'AfterInstall v3', 'ApplicationStart v3', 'ValidateService v3',
      'ApplicationStop v3', 'BeforeInstall v2', 'AfterInstall v2', 'ApplicationStart v2', 'ValidateService v2',
    ]);
  });
});
