import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DeploymentTargetRecord } from '../../store/deployment-targets.ts';
import type { DeploymentRecord } from '../../store/deployments.ts';
import type { HostCommand } from '../../store/host-commands.ts';
import { DEFAULT_ENGINE_SETTINGS } from '../settings.ts';
import type { MinimumHealthyHosts } from './batching.ts';
import { planDeploymentStep, type EngineControl } from './deployment-step.ts';

const EVENTS = ['ApplicationStop', 'DownloadBundle', 'BeforeInstall', 'Install', 'AfterInstall', 'ApplicationStart', 'ValidateService'];
const SETTINGS = { ...DEFAULT_ENGINE_SETTINGS, agentPickupTimeoutMs: 5_000, eventTimeoutMs: 60_000 };

/** An in-memory world: a deployment, its targets, host commands and a clock, driven by the planner. */
class World {
  now = 1_000_000;
  deployment: DeploymentRecord;
  targets: DeploymentTargetRecord[];
  commands: HostCommand[] = [];
  #ids = 0;

  constructor(hosts: string[], options: { ignoreApplicationStopFailures?: boolean } = {}) {
    this.deployment = {
      deploymentId: 'd-TEST00001', applicationName: 'app', deploymentGroupName: 'grp', status: 'Created', createTime: this.now,
      version: 0, details: { ignoreApplicationStopFailures: options.ignoreApplicationStopFailures ?? false }, control: {},
      overview: { Pending: 0, InProgress: 0, Succeeded: 0, Failed: 0, Skipped: 0, Ready: 0 },
    };
    this.targets = hosts.map((targetId) => ({
      deploymentId: 'd-TEST00001', targetId, targetType: 'InstanceTarget', status: 'Pending', lastUpdatedAt: this.now,
      lifecycleEvents: EVENTS.map((lifecycleEventName) => ({ lifecycleEventName, status: 'Pending', hookExecutionId: lifecycleEventName })),
    }));
  }

  health = new Map<string, { initiallyHealthy: boolean; revisionHealth: 'Unknown' | 'Old' | 'Current' }>();

  step(rule: MinimumHealthyHosts = { type: 'MOST_CONCURRENCY', value: 1 }, busyElsewhere: string[] = []) {
    const step = planDeploymentStep({
      deployment: this.deployment, targets: this.targets, commands: this.commands, health: this.health, rule,
      busyElsewhere: new Set(busyElsewhere), now: this.now, settings: SETTINGS, newCommandId: () => `c${++this.#ids}`,
    });
    if (step.change) {
      const { targets, alsoInTransaction: _a, ...rest } = step.change;
      this.deployment = { ...this.deployment, ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) };
      for (const t of targets ?? []) this.targets = this.targets.map((x) => (x.targetId === t.targetId ? t : x));
    }
    for (const c of step.newCommands) this.commands.push({ ...c, status: 'Pending', nonce: 0, createTime: this.now });
    for (const a of step.abandoned) this.#set(a.hostCommandId, { status: 'Failed', diagnostics: a.payload });
    return step;
  }

  /** The host takes its pending command and completes it with `outcome`. */
  host(instance: string, outcome: 'ok' | 'fail' | 'take'): HostCommand {
    const command = this.commands.find((c) => c.instanceName === instance && (c.status === 'Pending' || c.status === 'InProgress'));
    assert.ok(command, `no command for ${instance}`);
    this.#set(command.hostCommandId, { status: 'InProgress', dispatchTime: this.now });
    if (outcome !== 'take') {
      const diagnostics = outcome === 'ok' ? '{"error_code":0,"script_name":"","message":"Succeeded: ","log":""}'
        : '{"error_code":4,"script_name":"scripts/check.sh","message":"Script at specified location: scripts/check.sh failed with exit code 1","log":"[stderr]boom\\n"}';
      this.#set(command.hostCommandId, { status: outcome === 'ok' ? 'Succeeded' : 'Failed', completeTime: this.now, diagnostics });
    }
    return command;
  }

  /** Runs every host to completion, one command at a time, failing the events `fail` names. */
  runToEnd(rule?: MinimumHealthyHosts, fail: (host: string, event: string) => boolean = () => false): void {
    for (let i = 0; i < 500 && !['Succeeded', 'Failed', 'Stopped'].includes(this.deployment.status); i++) {
      this.step(rule);
      for (const c of this.commands.filter((x) => x.status === 'Pending')) this.host(c.instanceName, fail(c.instanceName, c.commandName) ? 'fail' : 'ok');
      this.now += 10;
    }
  }

  #set(id: string, patch: Partial<HostCommand>): void {
    this.commands = this.commands.map((c) => (c.hostCommandId === id ? { ...c, ...patch } : c));
  }
}

describe('planDeploymentStep', () => {
  it('runs every lifecycle event in order on each host, one host at a time under OneAtATime', () => {
    const world = new World(['web-1', 'web-2']);
    world.step();
    assert.equal(world.deployment.status, 'InProgress');
    assert.deepEqual(world.commands.map((c) => [c.instanceName, c.commandName]), [['web-1', 'ApplicationStop']]);
    world.runToEnd();
    assert.equal(world.deployment.status, 'Succeeded');
    assert.deepEqual(world.commands.filter((c) => c.instanceName === 'web-1').map((c) => c.commandName), EVENTS);
    const web2First = world.commands.findIndex((c) => c.instanceName === 'web-2');
    const web1Last = world.commands.findLastIndex((c) => c.instanceName === 'web-1');
    assert.ok(web2First > web1Last, 'web-2 starts only after web-1 finished');
    assert.ok(world.targets.every((t) => t.status === 'Succeeded' && t.lifecycleEvents.every((e) => e.status === 'Succeeded')));
  });

  it('fails with HEALTH_CONSTRAINTS when ValidateService fails on the first of two hosts, skipping the second', () => {
    const world = new World(['web-1', 'web-2']);
    world.runToEnd(undefined, (host, event) => host === 'web-1' && event === 'ValidateService');
    assert.equal(world.deployment.status, 'Failed');
    assert.equal(world.deployment.details.errorInformation?.code, 'HEALTH_CONSTRAINTS');
    const [web1, web2] = world.targets;
    assert.equal(web1!.status, 'Failed');
    assert.equal(web1!.lifecycleEvents.at(-1)!.diagnostics?.errorCode, 'ScriptFailed');
    assert.equal(web1!.lifecycleEvents.at(-1)!.diagnostics?.logTail, '[stderr]boom\n');
    assert.equal(web2!.status, 'Skipped');
    assert.ok(web2!.lifecycleEvents.every((e) => e.status === 'Skipped'));
  });

  it('continues past a failed ApplicationStop when ignoreApplicationStopFailures is set', () => {
    const world = new World(['web-1'], { ignoreApplicationStopFailures: true });
    world.runToEnd(undefined, (_host, event) => event === 'ApplicationStop');
    assert.equal(world.deployment.status, 'Succeeded');
    assert.equal(world.targets[0]!.lifecycleEvents[0]!.status, 'Failed');
  });

  it('fails an event no agent picks up within the pickup window with AGENT_ISSUE', () => {
    const world = new World(['web-1']);
    world.step();
    world.now += SETTINGS.agentPickupTimeoutMs + 1;
    world.step();
    world.step();
    assert.equal(world.deployment.status, 'Failed');
    assert.equal(world.deployment.details.errorInformation?.code, 'AGENT_ISSUE');
    assert.equal(world.commands[0]!.status, 'Failed', 'the undelivered command is given up');
  });

  it('fails an event that runs past the host-declared timeout with TIMEOUT', () => {
    const world = new World(['web-1']);
    world.step();
    const command = world.host('web-1', 'take');
    world.commands = world.commands.map((c) => (c.hostCommandId === command.hostCommandId ? { ...c, timeoutSeconds: 2 } : c));
    world.now += 2000 + SETTINGS.eventTimeoutGraceMs + 1;
    world.step();
    world.step();
    assert.equal(world.deployment.status, 'Failed');
    assert.equal(world.deployment.details.errorInformation?.code, 'TIMEOUT');
  });

  it('stops after the running event finishes when a stop is requested, then marks the rest Skipped', () => {
    const world = new World(['web-1', 'web-2']);
    world.step();
    world.host('web-1', 'take');
    world.deployment = { ...world.deployment, control: { stopRequested: { time: world.now, autoRollbackEnabled: false } } };
    world.step();
    assert.equal(world.deployment.status, 'InProgress', 'waits for the running command');
    assert.equal((world.deployment.control as EngineControl).ending?.status, 'Stopped');
    const running = world.commands[0]!;
    world.commands = [{ ...running, status: 'Succeeded', completeTime: world.now, diagnostics: '{"error_code":0}' }];
    world.step();
    assert.equal(world.deployment.status, 'Stopped');
    assert.equal(world.deployment.details.errorInformation?.code, 'MANUAL_STOP');
    assert.equal(world.commands.length, 1, 'no command was started after the stop');
    assert.deepEqual(world.targets.map((t) => t.status), ['Failed', 'Skipped']);
  });

  it('waits while a host runs another deployment\'s command', () => {
    const world = new World(['web-1']);
    world.step(undefined, ['web-1']);
    assert.equal(world.commands.length, 0);
    world.step();
    assert.equal(world.commands.length, 1);
  });

  it('fails at once with NO_INSTANCES when the deployment has no targets', () => {
    const world = new World([]);
    const step = world.step();
    assert.equal(step.finished, 'Failed');
    assert.equal(world.deployment.details.errorInformation?.code, 'NO_INSTANCES');
  });

  it('deploys to every host at once under minimum 0 and succeeds if one succeeds', () => {
    const world = new World(['a', 'b', 'c']);
    world.step({ type: 'HOST_COUNT', value: 0 });
    assert.equal(world.commands.length, 3);
    world.runToEnd({ type: 'HOST_COUNT', value: 0 }, (host) => host !== 'b');
    assert.equal(world.deployment.status, 'Succeeded');
  });

  it('skips hosts already running the revision when updateOutdatedInstancesOnly is set', () => {
    const world = new World(['a', 'b']);
    world.deployment = { ...world.deployment, details: { ...world.deployment.details, updateOutdatedInstancesOnly: true } };
    world.health.set('a', { initiallyHealthy: true, revisionHealth: 'Current' });
    world.runToEnd();
    assert.equal(world.deployment.status, 'Succeeded');
    assert.deepEqual(world.targets.map((t) => t.status), ['Skipped', 'Succeeded']);
    assert.ok(world.commands.every((c) => c.instanceName === 'b'));
  });
});
