import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ListDeploymentsCommand, StopDeploymentCommand } from '@aws-sdk/client-codedeploy';
import { startFleet, type Fleet } from '../../support/fleet.ts';
import { hookBundle, waitForFileShell } from './support/hook-bundle.ts';
import { readTimeline } from './support/timeline.ts';

// StopDeployment on a running OneAtATime deployment over three real agents: the answer is
// Pending while a hook still runs, the deployment ends Stopped once it is done, and with
// autoRollbackEnabled a codeDeployRollback deployment puts the last good revision back.

const GROUP = 'stops';

let fleet: Fleet;
let v1: string;

/** Deploys a version whose ApplicationStart waits for the test's go-ahead; resolves once one host runs it. */
async function deployHeld(version: string): Promise<{ deploymentId: string; host: string; release(): void }> {
  const go = join(fleet.shared, `go-${version}`);
  const deploymentId = await fleet.deploy(GROUP, hookBundle({ version, hooks: { ApplicationStart: waitForFileShell(go) } }));
  const deadline = Date.now() + 90_000;
  for (;;) {
    const running = readTimeline(fleet.shared).find((m) => m.deploymentId === deploymentId && m.event === 'ApplicationStart' && m.kind === 'start');
    if (running) return { deploymentId, host: running.host, release: () => writeFileSync(go, '') };
    if (Date.now() > deadline) throw new Error(`no host reached ApplicationStart of ${version}\n${fleet.agentOutput()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function groupDeployments(): Promise<string[]> {
  const { deployments } = await fleet.admin.send(new ListDeploymentsCommand({ applicationName: fleet.name, deploymentGroupName: GROUP }));
  return deployments ?? [];
}

describe('StopDeployment on a fleet of three real agents', () => {
  before(async () => {
    fleet = await startFleet({ name: 'stop', hosts: 3, dialect: 'postgres' });
    await fleet.givenGroup(GROUP);
    v1 = await fleet.deploy(GROUP, hookBundle({ version: 'v1' }), { deploymentConfigName: 'CodeDeployDefault.AllAtOnce' });
    assert.equal((await fleet.waitForEnd(v1)).status, 'Succeeded');
  });
  after(() => fleet?.close());

  it('without rollback: Pending while the hook runs, then Stopped, the other hosts skipped and nothing rolled back', async () => {
    const held = await deployHeld('v2');
    const stop = await fleet.admin.send(new StopDeploymentCommand({ deploymentId: held.deploymentId, autoRollbackEnabled: false }));
    assert.equal(stop.status, 'Pending');
    assert.equal((await fleet.deployment(held.deploymentId)).status, 'InProgress', 'not final while a host still runs a hook');
    held.release();
    const stopped = await fleet.waitForEnd(held.deploymentId);
    assert.equal(stopped.status, 'Stopped');
    assert.equal(stopped.errorInformation?.code, 'MANUAL_STOP');
    assert.equal(stopped.rollbackInfo?.rollbackDeploymentId, undefined);
    const targets = await fleet.targets(held.deploymentId);
    assert.deepEqual(targets.filter((t) => t.targetId !== held.host).map((t) => t.status), ['Skipped', 'Skipped']);
    for (const host of fleet.hosts.filter((h) => h.name !== held.host)) assert.equal(fleet.readHostFile(host.name, 'app/version.txt'), 'v1');
    assert.deepEqual((await groupDeployments()).sort(), [v1, held.deploymentId].sort());
  });

  it('with rollback: Pending, then Stopped, then a codeDeployRollback deployment restores v1 on every host', async () => {
    const held = await deployHeld('v3');
    const stop = await fleet.admin.send(new StopDeploymentCommand({ deploymentId: held.deploymentId, autoRollbackEnabled: true }));
    assert.equal(stop.status, 'Pending');
    held.release();
    const stopped = await fleet.waitForEnd(held.deploymentId);
    assert.equal(stopped.status, 'Stopped');
    assert.equal(stopped.errorInformation?.code, 'MANUAL_STOP');
    const rollbackId = stopped.rollbackInfo?.rollbackDeploymentId;
    assert.ok(rollbackId, `no rollback: ${JSON.stringify(stopped.rollbackInfo)}`);
    assert.equal(fleet.readHostFile(held.host, 'app/version.txt'), 'v3', 'the stopped host had installed v3');

    const rollback = await fleet.waitForEnd(rollbackId);
    assert.equal(rollback.status, 'Succeeded', JSON.stringify(rollback.errorInformation));
    assert.equal(rollback.creator, 'codeDeployRollback');
    assert.equal(rollback.rollbackInfo?.rollbackTriggeringDeploymentId, held.deploymentId);
    assert.deepEqual(rollback.revision, (await fleet.deployment(v1)).revision);
    for (const host of fleet.hosts) assert.equal(fleet.readHostFile(host.name, 'app/version.txt'), 'v1', `${host.name} is back on v1`);
  });
});
