import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startFleet, type Fleet, type FleetHost } from '../../support/fleet.ts';
import { hookBundle } from './support/hook-bundle.ts';
import { readTimeline } from './support/timeline.ts';

// An agent killed with SIGKILL in the middle of a hook and never restarted, on a fleet of three
// real agents under OneAtATime. The running event fails with TIMEOUT once its declared timeout
// (plus the engine's grace, shortened here) has passed; the next deployment's first event on that
// host is never picked up and fails with AGENT_ISSUE after CUTOVER_AGENT_PICKUP_TIMEOUT.

const GROUP = 'loss';
const PICKUP_TIMEOUT_S = 3;
const HOOK_TIMEOUT_S = 2;
// The engine's slack after a host-declared event timeout (EngineSettings.eventTimeoutGraceMs).
const ENGINE_GRACE_S = 3;

let fleet: Fleet;
let dead: FleetHost;

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

describe('an agent lost in the middle of a deployment', () => {
  before(async () => {
    fleet = await startFleet({ name: 'loss', hosts: 3, serverEnv: { CUTOVER_AGENT_PICKUP_TIMEOUT: String(PICKUP_TIMEOUT_S), CUTOVER_EVENT_TIMEOUT_GRACE: String(ENGINE_GRACE_S) } });
    await fleet.givenGroup(GROUP);
  });
  after(() => fleet?.close());

  it('fails the running event with TIMEOUT within its declared timeout plus the grace, and the deployment with it', async () => {
    const hang = 'echo $$ > hook.pid; sleep 60';
    const deploymentId = await fleet.deploy(GROUP, hookBundle({ version: 'v1', timeout: HOOK_TIMEOUT_S, hooks: { ApplicationStart: hang } }));
    let running;
    while (!(running = readTimeline(fleet.shared).find((m) => m.event === 'ApplicationStart' && m.kind === 'start'))) {
      await new Promise((r) => setTimeout(r, 50));
    }
    dead = fleet.host(running.host);
    await dead.agent.stop('SIGKILL');
    const killedAt = Date.now();
    killGroup(Number(readFileSync(join(dead.dir, 'hook.pid'), 'utf8')));

    const info = await fleet.waitForEnd(deploymentId, (HOOK_TIMEOUT_S + ENGINE_GRACE_S + 30) * 1000);
    const tookS = (Date.now() - killedAt) / 1000;
    // Slack for the engine's 1 s tick and a busy machine; the default window would be an hour.
    assert.ok(tookS <= HOOK_TIMEOUT_S + ENGINE_GRACE_S + 20, `ended ${tookS} s after the kill`);
    assert.equal(info.status, 'Failed');
    assert.equal(info.errorInformation?.code, 'TIMEOUT', JSON.stringify(info.errorInformation));
    const targets = await fleet.targets(deploymentId);
    const lost = targets.find((t) => t.targetId === dead.name)!;
    assert.equal(lost.status, 'Failed');
    const start = lost.lifecycleEvents!.find((e) => e.lifecycleEventName === 'ApplicationStart')!;
    assert.equal(start.status, 'Failed');
    assert.equal(start.diagnostics?.errorCode, 'ScriptTimedOut');
    assert.match(start.diagnostics?.message ?? '', /did not complete within \d+ seconds/);
    assert.deepEqual(targets.filter((t) => t !== lost).map((t) => t.status), ['Skipped', 'Skipped']);
  });

  it('fails the next deployment with AGENT_ISSUE when the dead host never picks up its first event', async () => {
    const deploymentId = await fleet.deploy(GROUP, hookBundle({ version: 'v2' }));
    const createdAt = Date.now();
    const info = await fleet.waitForEnd(deploymentId, (PICKUP_TIMEOUT_S + 40) * 1000);
    // Far inside the default 5-minute window: the configured one applied.
    assert.ok((Date.now() - createdAt) / 1000 <= PICKUP_TIMEOUT_S + 30);
    assert.equal(info.status, 'Failed');
    assert.equal(info.errorInformation?.code, 'AGENT_ISSUE', JSON.stringify(info.errorInformation));
    const lost = (await fleet.targets(deploymentId)).find((t) => t.targetId === dead.name)!;
    assert.equal(lost.status, 'Failed', 'the unhealthy host goes first');
    const first = lost.lifecycleEvents![0]!;
    assert.equal(first.lifecycleEventName, 'ApplicationStop');
    assert.equal(first.status, 'Failed');
    assert.match(first.diagnostics?.message ?? '', /not able to receive the lifecycle event/);
  });
});
