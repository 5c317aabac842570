import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  BatchGetOnPremisesInstancesCommand, ContinueDeploymentCommand, StopDeploymentCommand, type CreateDeploymentGroupInput,
} from '@aws-sdk/client-codedeploy';
import { DIALECTS } from '../../support/dialects.ts';
import { runLoad } from '../../support/load-generator.ts';
import { eventsOf, TrafficRig } from './traffic-rig.ts';

const STYLE = { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' } as const;
const INSTALL = ['ApplicationStop', 'DownloadBundle', 'BeforeInstall', 'Install', 'AfterInstall', 'ApplicationStart', 'ValidateService'];

// One server and proxy for the file; each test has its own app, hosts, target group and listener.
// The server uses PostgreSQL when DIALECTS has it (the other traffic files use SQLite).
const DIALECT = DIALECTS.includes('postgres') ? 'postgres' : 'sqlite';
describe('blue/green Server deployments through a real cutover proxy', () => {
  let rig: TrafficRig;
  const scratch = mkdtempSync(join(tmpdir(), 'cutover-bg-'));
  const terminated = join(scratch, 'terminated');
  before(async () => (rig = await TrafficRig.start({
    dialect: DIALECT, healthTimeout: 3, env: { CUTOVER_ON_TERMINATE: `echo "$CUTOVER_DEPLOYMENT_ID $CUTOVER_INSTANCES" >> ${terminated}` },
  })));
  after(async () => {
    await rig?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  /** Blue hosts `<p>-blue-N` in the group and its target group, green hosts `<p>-green-N` ready to be named. */
  async function world(p: string, group: Partial<CreateDeploymentGroupInput>, options: { greenAddress?: string } = {}) {
    const port = await rig.loadBalancer(`${p}-web`, [`${p}-tg`]);
    const blue = await rig.hosts(p, [`${p}-blue-1`]);
    const green = await rig.hosts(`${p}-green`, [`${p}-green-1`], options.greenAddress ? () => options.greenAddress! : undefined);
    await rig.seed(`${p}-tg`, [...blue.values()]);
    await rig.group(p, p, { deploymentStyle: STYLE, loadBalancerInfo: { targetGroupInfoList: [{ name: `${p}-tg` }] }, ...group });
    const deploy = () => rig.deploy(p, { targetInstances: { tagFilters: [{ Key: 'fleet', Value: `${p}-green`, Type: 'KEY_AND_VALUE' }] } });
    const served = async () => Object.keys((await runLoad({ url: `http://127.0.0.1:${port}/`, count: 20, ratePerSecond: 400 })).byBody).sort();
    return { port, blue, green, deploy, served, backends: new Map([...blue, ...green]) };
  }

  it('installs green, moves traffic to it, deregisters blue and keeps it alive (CONTINUE_DEPLOYMENT, KEEP_ALIVE)', async () => {
    const w = await world('ka', { blueGreenDeploymentConfiguration: { terminateBlueInstancesOnDeploymentSuccess: { action: 'KEEP_ALIVE' } } });
    assert.deepEqual(await w.served(), ['ka-blue-1']);
    const info = await rig.waitFor(await w.deploy());
    assert.equal(info.status, 'Succeeded', JSON.stringify(info.errorInformation));
    assert.equal(info.instanceTerminationWaitTimeStarted, false);
    const [blue, green] = await rig.targets(info.deploymentId!);
    assert.equal(blue!.instanceTarget?.instanceLabel, 'Blue');
    assert.deepEqual(eventsOf(blue!), ['BeforeBlockTraffic:Succeeded', 'BlockTraffic:Succeeded', 'AfterBlockTraffic:Succeeded']);
    assert.equal(green!.instanceTarget?.instanceLabel, 'Green');
    assert.deepEqual(eventsOf(green!), [...INSTALL, 'BeforeAllowTraffic', 'AllowTraffic', 'AfterAllowTraffic'].map((e) => `${e}:Succeeded`));
    assert.deepEqual(await rig.healthyNames('ka-tg', w.backends), ['ka-green-1']);
    assert.deepEqual(await w.served(), ['ka-green-1']);
  });

  it('waits as Ready with STOP_DEPLOYMENT, refusing an early ContinueDeployment, and reroutes on ContinueDeployment(READY_WAIT)', async () => {
    const w = await world('rd', { blueGreenDeploymentConfiguration: { deploymentReadyOption: { actionOnTimeout: 'STOP_DEPLOYMENT', waitTimeInMinutes: 60 } } });
    const id = await w.deploy();
    await assert.rejects(rig.client.send(new ContinueDeploymentCommand({ deploymentId: id, deploymentWaitType: 'READY_WAIT' })),
      (e: Error) => e.name === 'DeploymentIsNotInReadyStateException');
    const ready = await rig.waitFor(id, (d) => d.status === 'Ready');
    assert.equal(ready.deploymentOverview?.Ready, 1);
    const green = (await rig.targets(id)).find((t) => t.instanceTarget?.instanceLabel === 'Green')!;
    assert.equal(green.instanceTarget?.status, 'Ready');
    assert.deepEqual(await w.served(), ['rd-blue-1'], 'no traffic moved while Ready');
    await rig.client.send(new ContinueDeploymentCommand({ deploymentId: id, deploymentWaitType: 'READY_WAIT' }));
    const done = await rig.waitFor(id);
    assert.equal(done.status, 'Succeeded', JSON.stringify(done.errorInformation));
    assert.deepEqual(await w.served(), ['rd-green-1']);
  });

  it('stops with TIMEOUT when nobody continues within waitTimeInMinutes, traffic still on blue', async () => {
    const w = await world('to', { blueGreenDeploymentConfiguration: { deploymentReadyOption: { actionOnTimeout: 'STOP_DEPLOYMENT', waitTimeInMinutes: 1 } } });
    const info = await rig.waitFor(await w.deploy());
    assert.equal(info.status, 'Stopped');
    assert.equal(info.errorInformation?.code, 'TIMEOUT');
    assert.match(info.errorInformation!.message!, /Ready for 1 minutes .* No traffic was rerouted/);
    assert.deepEqual(await w.served(), ['to-blue-1']);
  });

  it('runs the termination wait, ends it on ContinueDeployment(TERMINATION_WAIT), then TERMINATE runs the operator command', async () => {
    const w = await world('tm', { blueGreenDeploymentConfiguration: { terminateBlueInstancesOnDeploymentSuccess: { action: 'TERMINATE', terminationWaitTimeInMinutes: 600 } } });
    const id = await w.deploy();
    const waiting = await rig.waitFor(id, (d) => d.instanceTerminationWaitTimeStarted === true);
    assert.equal(waiting.status, 'InProgress');
    assert.deepEqual(await w.served(), ['tm-green-1']);
    assert.ok(!existsSync(terminated) || !readFileSync(terminated, 'utf8').includes(id), 'nothing terminated during the wait');
    await rig.client.send(new ContinueDeploymentCommand({ deploymentId: id, deploymentWaitType: 'TERMINATION_WAIT' }));
    const done = await rig.waitFor(id);
    assert.equal(done.status, 'Succeeded', JSON.stringify(done.errorInformation));
    assert.match(readFileSync(terminated, 'utf8'), new RegExp(`^${id} tm-blue-1$`, 'm'));
    const { instanceInfos } = await rig.client.send(new BatchGetOnPremisesInstancesCommand({ instanceNames: ['tm-blue-1'] }));
    assert.ok(!instanceInfos![0]!.tags?.some((t) => t.Key === 'fleet'), 'the blue instance left the group (its group tag is gone)');
    assert.ok(instanceInfos![0]!.tags?.some((t) => t.Key === 'cutover:address'), 'its other tags stay');
  });

  it('rolls back to blue when a green instance never turns healthy', async () => {
    const w = await world('rb', { autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_FAILURE'] } }, { greenAddress: '127.0.0.1:9' });
    const info = await rig.waitFor(await w.deploy());
    assert.equal(info.status, 'Failed');
    assert.equal(info.errorInformation?.code, 'CUSTOMER_APPLICATION_UNHEALTHY');
    const rollbackId = info.rollbackInfo?.rollbackDeploymentId;
    assert.ok(rollbackId, JSON.stringify(info.rollbackInfo));
    const rollback = await rig.waitFor(rollbackId);
    assert.equal(rollback.status, 'Succeeded', JSON.stringify(rollback.errorInformation));
    assert.deepEqual(await rig.members('rb-tg'), [`${w.blue.get('rb-blue-1')!.address}=healthy`]);
    assert.deepEqual(await w.served(), ['rb-blue-1']);
  });

  it('puts traffic back on blue when stopped with rollback during the termination wait', async () => {
    const w = await world('sr', { blueGreenDeploymentConfiguration: { terminateBlueInstancesOnDeploymentSuccess: { action: 'TERMINATE', terminationWaitTimeInMinutes: 600 } } });
    const id = await w.deploy();
    await rig.waitFor(id, (d) => d.instanceTerminationWaitTimeStarted === true);
    assert.deepEqual(await w.served(), ['sr-green-1']);
    await rig.client.send(new StopDeploymentCommand({ deploymentId: id, autoRollbackEnabled: true }));
    const stopped = await rig.waitFor(id);
    assert.equal(stopped.status, 'Stopped');
    const rollback = await rig.waitFor(stopped.rollbackInfo!.rollbackDeploymentId!);
    assert.equal(rollback.status, 'Succeeded', JSON.stringify(rollback.errorInformation));
    const rollbackTargets = await rig.targets(rollback.deploymentId!);
    assert.deepEqual(rollbackTargets.map((t) => [t.instanceTarget?.instanceLabel, eventsOf(t)]), [
      ['Blue', ['AllowTraffic:Succeeded']], ['Green', ['BlockTraffic:Succeeded']],
    ]);
    assert.deepEqual(await w.served(), ['sr-blue-1']);
    assert.ok(!existsSync(terminated) || !readFileSync(terminated, 'utf8').includes(id), 'the blue instance was not terminated');
  });
});
