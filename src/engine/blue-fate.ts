import { spawn } from 'node:child_process';
import type { DeploymentGroupInfo } from '@aws-sdk/client-codedeploy';
import type { Logger } from 'pino';
import type { Clock } from '../core/clock.ts';
import { matchesTagFilter, type TagFilter } from '../core/instance-selection.ts';
import type { DeploymentRecord } from '../store/deployments.ts';
import type { Store } from '../store/store.ts';
import type { EngineControl } from './plan/deployment-step.ts';
import type { Waker } from './waker.ts';

/** Most characters of the command's output kept in the recorded outcome. */
const MAX_OUTPUT = 2000;

/** What the blue fate needs. */
export interface BlueFateOptions {
  store: Store;
  clock: Clock;
  waker: Waker;
  log: Logger;
  /**
   * The operator's command for TERMINATE (`--on-terminate`), run through the shell with
   * CUTOVER_DEPLOYMENT_ID and CUTOVER_INSTANCES (space-separated names) in its environment.
   */
  onTerminate?: string;
}

/**
 * TERMINATE for a blue/green Server deployment, once its termination wait is over. Cutover
 * cannot destroy machines, so it does the part it owns and hands the rest to the operator:
 * 1. the original instances leave the deployment group: the tags by which the group selects
 *    them are removed (the instances stay registered, with their other tags);
 * 2. the `--on-terminate` command runs once per deployment (a script or a webhook call that
 *    really destroys them); its exit status and output tail are recorded in the deployment's
 *    control record and the server log.
 * The start is recorded before the command runs, so a server restarted mid-command does not
 * run it twice: it records the outcome as unknown instead (at most once, never twice).
 */
export class BlueFate {
  readonly #options: BlueFateOptions;
  readonly #running = new Set<string>();

  constructor(options: BlueFateOptions) {
    this.#options = options;
  }

  /** Advances the deployment's termination by one step; the engine calls it every pass. */
  async advance(deployment: DeploymentRecord): Promise<void> {
    const control = deployment.control as EngineControl;
    if (control.termination?.finishedAt !== undefined || this.#running.has(deployment.deploymentId)) return;
    if (control.termination) {
      await this.#record(deployment.deploymentId, 'unknown: the server restarted while the termination command ran; it was not run again');
      return;
    }
    let claimed = false;
    await this.#options.store.deployments.update(deployment.deploymentId, (current) => {
      claimed = current.version === deployment.version;
      return claimed ? { control: { ...current.control, termination: { startedAt: this.#options.clock.now() } } as EngineControl } : undefined;
    });
    if (!claimed) return;
    this.#running.add(deployment.deploymentId);
    void this.#terminate(deployment).finally(() => this.#running.delete(deployment.deploymentId));
  }

  async #terminate(deployment: DeploymentRecord): Promise<void> {
    const { store, log } = this.#options;
    const targets = await store.deploymentTargets.listAll(deployment.deploymentId);
    const blue = targets.filter((t) => t.instanceLabel !== 'Green').map((t) => t.targetId);
    let outcome: string;
    try {
      await this.#leaveGroup(deployment, blue);
      outcome = this.#options.onTerminate ? await runCommand(this.#options.onTerminate, deployment.deploymentId, blue) : 'left the deployment group; no --on-terminate command is configured';
    } catch (error) {
      outcome = `failed: ${(error as Error).message}`;
    }
    log.info({ deploymentId: deployment.deploymentId, instances: blue, outcome }, 'original instances terminated');
    await this.#record(deployment.deploymentId, outcome);
  }

  async #leaveGroup(deployment: DeploymentRecord, instanceNames: string[]): Promise<void> {
    const { store } = this.#options;
    const group = await store.deploymentGroups.get(deployment.applicationName, deployment.deploymentGroupName);
    if (!group || instanceNames.length === 0) return;
    const filters = groupFilters(group);
    for (const instance of await store.instances.batchGet(instanceNames)) {
      const tags = instance.tags.filter((tag) => filters.some((f) => matchesTagFilter([tag], f)));
      if (tags.length > 0) await store.instances.removeTags({ instanceNames: [instance.instanceName], tags });
    }
  }

  async #record(deploymentId: string, outcome: string): Promise<void> {
    await this.#options.store.deployments.update(deploymentId, (current) => {
      const control = current.control as EngineControl;
      if (!control.termination || control.termination.finishedAt !== undefined) return undefined;
      return { control: { ...control, termination: { ...control.termination, finishedAt: this.#options.clock.now(), outcome } } as EngineControl };
    });
    this.#options.waker.wakeEngine();
  }
}

function groupFilters(group: DeploymentGroupInfo): TagFilter[] {
  return [
    ...(group.onPremisesInstanceTagFilters ?? []), ...(group.onPremisesTagSet?.onPremisesTagSetList ?? []).flat(),
    ...(group.ec2TagFilters ?? []), ...(group.ec2TagSet?.ec2TagSetList ?? []).flat(),
  ] as TagFilter[];
}

/** Runs the operator's command; resolves with its exit status and output tail (never rejects). */
function runCommand(command: string, deploymentId: string, instances: string[]): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(command, {
      shell: true, stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CUTOVER_DEPLOYMENT_ID: deploymentId, CUTOVER_INSTANCES: instances.join(' ') },
    });
    let output = '';
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-MAX_OUTPUT));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (error) => resolve(`failed to start: ${error.message}`));
    child.on('close', (code, signal) => resolve(`${code === 0 ? 'succeeded' : `failed (${signal ?? `exit ${code}`})`}; output: ${output.trim()}`));
  });
}
