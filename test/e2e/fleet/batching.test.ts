import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateDeploymentConfigCommand } from '@aws-sdk/client-codedeploy';
import { startFleet, type Fleet } from '../../support/fleet.ts';
import { batchBarrierShell, hookBundle } from './support/hook-bundle.ts';
import { hookIntervals, maxConcurrency, readTimeline, startOrder, targetIntervals } from './support/timeline.ts';

// Batch sizes under minimumHealthyHosts on four real agents (codedeploy-semantics.md §3.2):
// each batch is `healthy - minimum` hosts. Concurrency is read twice: from the lifecycle event
// times the API reports, and from the start and end marks the hooks write on the hosts.
// Failures come last, in order: each leaves hosts unhealthy, which changes later batches.

const GROUP = 'batches';
// The hosts of one batch wait for each other in BeforeInstall, so they surely overlap.
const inBatchesOf = (size: number) => ({ BeforeInstall: batchBarrierShell(size, 4) });

let fleet: Fleet;
let version = 0;
const deployments: string[] = [];

async function deployAndMeasure(deploymentConfigName: string, hooks: Record<string, string>) {
  const v = `v${++version}`;
  const deploymentId = await fleet.deploy(GROUP, hookBundle({ version: v, hooks }), { deploymentConfigName });
  deployments.push(deploymentId);
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
    const run = await deployAndMeasure('CodeDeployDefault.HalfAtATime', inBatchesOf(2));
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
    const run = await deployAndMeasure('fleet-quarter', inBatchesOf(3));
    assert.equal(run.info.status, 'Succeeded', JSON.stringify(run.info.errorInformation));
    assert.equal(run.apiConcurrency, 3);
    assert.equal(run.hookConcurrency, 3);
    assert.ok(run.targets.every((t) => t.status === 'Succeeded'));
  });

  it('AllAtOnce deploys all four hosts at once', async () => {
    const run = await deployAndMeasure('CodeDeployDefault.AllAtOnce', inBatchesOf(4));
    assert.equal(run.info.status, 'Succeeded', JSON.stringify(run.info.errorInformation));
    assert.equal(run.apiConcurrency, 4);
    assert.equal(run.hookConcurrency, 4);
  });

  it('a FLEET_PERCENT 95 config needs ceil(3.8) = 4 healthy of 4: it fails at once with HEALTH_CONSTRAINTS_INVALID, touching no host', async () => {
    await fleet.admin.send(new CreateDeploymentConfigCommand({
      deploymentConfigName: 'fleet-95', computePlatform: 'Server', minimumHealthyHosts: { type: 'FLEET_PERCENT', value: 95 },
    }));
    const run = await deployAndMeasure('fleet-95', {});
    assert.equal(run.info.status, 'Failed');
    assert.equal(run.info.errorInformation?.code, 'HEALTH_CONSTRAINTS_INVALID');
    assert.deepEqual(run.hooksRan, []);
    assert.ok(run.targets.every((t) => t.status === 'Skipped'), JSON.stringify(run.targets.map((t) => t.status)));
    for (const host of fleet.hosts) assert.equal(fleet.readHostFile(host.name, 'app/version.txt'), `v${version - 1}`, 'the previous version stays');
  });

  it('OneAtATime deploys one host at a time and still succeeds when only the last host fails', async () => {
    // The fourth host to reach BeforeInstall fails its ValidateService.
    const lastFails = 'n=$(grep -c "^start [^ ]* $DEPLOYMENT_ID BeforeInstall " "$FLEET_SHARED/timeline.log"); if [ "$n" -ge 4 ]; then echo "last host unhealthy"; exit 4; fi';
    const run = await deployAndMeasure('CodeDeployDefault.OneAtATime', { ValidateService: lastFails });
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

  it('AllAtOnce (minimum 0) succeeds when a single host succeeds, the unhealthy host going in the first batch', async () => {
    const unhealthy = (await fleet.targets(deployments.at(-1)!)).find((t) => t.status === 'Failed')!.targetId!;
    const run = await deployAndMeasure('CodeDeployDefault.AllAtOnce', { ...inBatchesOf(4), ValidateService: '[ "$FLEET_HOST" = batching-1 ] || exit 6' });
    assert.equal(run.info.status, 'Succeeded', JSON.stringify(run.info.errorInformation));
    assert.deepEqual(run.info.deploymentOverview, { Pending: 0, InProgress: 0, Succeeded: 1, Failed: 3, Skipped: 0, Ready: 0 });
    // Minimum 0: the 3 healthy hosts over the minimum, plus the unhealthy one, all at once.
    assert.equal(run.apiConcurrency, 4);
    const firstBatch = startOrder(targetIntervals(run.targets)).slice(0, 4);
    assert.ok(firstBatch.includes(unhealthy), `${unhealthy} not in the first batch ${firstBatch}`);
  });
});
