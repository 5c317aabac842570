import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateDeploymentConfigCommand } from '@aws-sdk/client-codedeploy';
import { startFleet, type Fleet } from '../../support/fleet.ts';
import { hookBundle } from './support/hook-bundle.ts';
import { hookIntervals, maxConcurrency, readTimeline, startOrder, targetIntervals } from './support/timeline.ts';

// Batch sizes under minimumHealthyHosts on four real agents (codedeploy-semantics.md §3.2):
// each batch is `healthy - minimum` hosts. Concurrency is read twice: from the lifecycle event
// times the API reports, and from the start and end marks the hooks write on the hosts.
// The failing OneAtATime case runs last, because it leaves one host unhealthy.

const GROUP = 'batches';
// Long enough hooks that the hosts of one batch surely overlap.
const SLOW = { BeforeInstall: 'sleep 0.6', ApplicationStart: 'sleep 0.6' };

let fleet: Fleet;
let version = 0;

async function deployAndMeasure(deploymentConfigName: string, hooks: Record<string, string> = SLOW) {
  const v = `v${++version}`;
  const deploymentId = await fleet.deploy(GROUP, hookBundle({ version: v, hooks }), { deploymentConfigName });
  const info = await fleet.waitForEnd(deploymentId);
  const targets = await fleet.targets(deploymentId);
  const hooksRan = hookIntervals(readTimeline(fleet.shared), deploymentId);
  return { v, info, targets, hooksRan, apiConcurrency: maxConcurrency(targetIntervals(targets)), hookConcurrency: maxConcurrency(hooksRan) };
}

describe('batch sizes on a fleet of four real agents', () => {
  before(async () => {
    fleet = await startFleet({ name: 'batching', hosts: 4 });
    await fleet.givenGroup(GROUP);
  });
  after(() => fleet?.close());

  it('HalfAtATime deploys two hosts at a time and succeeds', async () => {
    const run = await deployAndMeasure('CodeDeployDefault.HalfAtATime');
    assert.equal(run.info.status, 'Succeeded', JSON.stringify(run.info.errorInformation));
    assert.deepEqual(run.info.deploymentOverview, { Pending: 0, InProgress: 0, Succeeded: 4, Failed: 0, Skipped: 0, Ready: 0 });
    assert.equal(run.apiConcurrency, 2);
    assert.equal(run.hookConcurrency, 2);
    for (const host of fleet.hosts) assert.equal(fleet.readHostFile(host.name, 'app/version.txt'), run.v);
  });

  it('a custom FLEET_PERCENT 25 config keeps ceil(4 × 25%) = 1 healthy, so deploys three at a time', async () => {
    await fleet.admin.send(new CreateDeploymentConfigCommand({
      deploymentConfigName: 'fleet-quarter', computePlatform: 'Server', minimumHealthyHosts: { type: 'FLEET_PERCENT', value: 25 },
    }));
    const run = await deployAndMeasure('fleet-quarter');
    assert.equal(run.info.status, 'Succeeded', JSON.stringify(run.info.errorInformation));
    assert.equal(run.apiConcurrency, 3);
    assert.equal(run.hookConcurrency, 3);
    assert.ok(run.targets.every((t) => t.status === 'Succeeded'));
  });

  it('AllAtOnce deploys all four hosts at once', async () => {
    const run = await deployAndMeasure('CodeDeployDefault.AllAtOnce');
    assert.equal(run.info.status, 'Succeeded', JSON.stringify(run.info.errorInformation));
    assert.equal(run.apiConcurrency, 4);
    assert.equal(run.hookConcurrency, 4);
  });

  it('OneAtATime deploys one host at a time and still succeeds when only the last host fails', async () => {
    // The fourth host to reach BeforeInstall fails its ValidateService.
    const lastFails = 'n=$(grep -c "^start [^ ]* $DEPLOYMENT_ID BeforeInstall " "$FLEET_SHARED/timeline.log"); if [ "$n" -ge 4 ]; then echo "last host unhealthy"; exit 4; fi';
    const run = await deployAndMeasure('CodeDeployDefault.OneAtATime', { BeforeInstall: 'sleep 0.2', ValidateService: lastFails });
    assert.equal(run.info.status, 'Succeeded', JSON.stringify(run.info.errorInformation));
    assert.deepEqual(run.info.deploymentOverview, { Pending: 0, InProgress: 0, Succeeded: 3, Failed: 1, Skipped: 0, Ready: 0 });
    assert.equal(run.apiConcurrency, 1);
    assert.equal(run.hookConcurrency, 1);
    const last = startOrder(run.hooksRan).at(-1)!;
    const failed = run.targets.filter((t) => t.status === 'Failed');
    assert.deepEqual(failed.map((t) => t.targetId), [last]);
    const validate = failed[0]!.lifecycleEvents!.find((e) => e.lifecycleEventName === 'ValidateService')!;
    assert.equal(validate.diagnostics?.errorCode, 'ScriptFailed');
    assert.match(validate.diagnostics?.logTail ?? '', /last host unhealthy/);
  });
});
