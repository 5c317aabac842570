import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  BatchGetDeploymentsCommand, ContinueDeploymentCommand, CreateDeploymentCommand, DeleteResourcesByExternalIdCommand,
  GetApplicationRevisionCommand, GetDeploymentCommand, GetDeploymentTargetCommand, ListDeploymentsCommand,
  PutLifecycleEventHookExecutionStatusCommand, SkipWaitTimeForInstanceTerminationCommand, StopDeploymentCommand,
  type CreateDeploymentInput, type DeploymentInfo, type ListDeploymentsInput,
} from '@aws-sdk/client-codedeploy';
import type { DeploymentRecord } from '../../src/store/deployments.ts';
import { DIALECTS } from '../support/dialects.ts';
import { ECS_LOAD_BALANCER, LAMBDA_APPSPEC, s3Revision, startDeploymentFixture, type DeploymentFixture } from './deployment-fixtures.ts';

const INSTALL_EVENTS = ['ApplicationStop', 'DownloadBundle', 'BeforeInstall', 'Install', 'AfterInstall', 'ApplicationStart', 'ValidateService'];

for (const dialect of DIALECTS) {
  describe(`deployments on ${dialect}`, () => {
    let f: DeploymentFixture;
    before(async () => {
      f = await startDeploymentFixture(dialect);
    });
    after(() => f.api.close());

    const get = async (deploymentId: string): Promise<DeploymentInfo> =>
      (await f.client.send(new GetDeploymentCommand({ deploymentId }))).deploymentInfo!;
    const create = (input: Partial<CreateDeploymentInput>) => f.client.send(new CreateDeploymentCommand({
      applicationName: 'web', deploymentGroupName: 'prod', revision: s3Revision(), ...input,
    } as CreateDeploymentInput));
    const finish = (deploymentId: string, status: 'Succeeded' | 'Failed') =>
      f.api.store.deployments.update(deploymentId, () => ({ status, completeTime: f.clock.now() }));
    const setState = (deploymentId: string, change: (d: DeploymentRecord) => Partial<DeploymentRecord>) =>
      f.api.store.deployments.update(deploymentId, (d) => change(d));

    it('creates a Server deployment in Created with every member GetDeployment returns', async () => {
      await f.createGroup({ deploymentGroupName: 'basic', onPremisesInstanceTagFilters: [{ Key: 'role', Value: 'web', Type: 'KEY_AND_VALUE' }] });
      const createdAt = f.clock.advance(1000);
      const deploymentId = await f.deploy({ deploymentGroupName: 'basic', description: 'first release' });
      assert.match(deploymentId, /^d-[A-Z0-9]{9}$/);
      assert.deepEqual(await get(deploymentId), {
        applicationName: 'web',
        deploymentGroupName: 'basic',
        deploymentConfigName: 'CodeDeployDefault.OneAtATime',
        deploymentId,
        revision: s3Revision(),
        status: 'Created',
        createTime: new Date(createdAt),
        deploymentOverview: { Pending: 2, InProgress: 0, Succeeded: 0, Failed: 0, Skipped: 0, Ready: 0 },
        description: 'first release',
        creator: 'user',
        ignoreApplicationStopFailures: false,
        updateOutdatedInstancesOnly: false,
        deploymentStyle: { deploymentType: 'IN_PLACE', deploymentOption: 'WITHOUT_TRAFFIC_CONTROL' },
        instanceTerminationWaitTimeStarted: false,
        fileExistsBehavior: 'DISALLOW',
        computePlatform: 'Server',
      });
      const target = await f.client.send(new GetDeploymentTargetCommand({ deploymentId, targetId: 'web-1' }));
      assert.deepEqual(target.deploymentTarget?.instanceTarget?.lifecycleEvents?.map((e) => [e.lifecycleEventName, e.status]),
        INSTALL_EVENTS.map((name) => [name, 'Pending']));
    });

    it('records the revision as used by the group', async () => {
      await f.createGroup({ deploymentGroupName: 'revision-use' });
      const usedAt = f.clock.advance(1000);
      await f.deploy({ deploymentGroupName: 'revision-use', revision: s3Revision('used.zip') });
      const { revisionInfo } = await f.client.send(new GetApplicationRevisionCommand({ applicationName: 'web', revision: s3Revision('used.zip') }));
      assert.deepEqual(revisionInfo?.deploymentGroups, ['revision-use']);
      assert.equal(revisionInfo?.firstUsedTime?.getTime(), usedAt);
    });

    it('applies the request overrides and snapshots the group settings', async () => {
      await f.createGroup({
        deploymentGroupName: 'overrides',
        ec2TagFilters: [{ Key: 'role', Value: 'db', Type: 'KEY_AND_VALUE' }],
        autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_FAILURE'] },
        alarmConfiguration: { enabled: true, alarms: [{ name: 'errors' }] },
        deploymentStyle: { deploymentType: 'IN_PLACE', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
        loadBalancerInfo: { targetGroupInfoList: [{ name: 'tg-web' }] },
      });
      const inherited = await get(await f.deploy({ deploymentGroupName: 'overrides' }));
      assert.deepEqual(inherited.autoRollbackConfiguration, { enabled: true, events: ['DEPLOYMENT_FAILURE'] });
      assert.deepEqual(inherited.loadBalancerInfo, { targetGroupInfoList: [{ name: 'tg-web' }] });
      assert.equal(inherited.overrideAlarmConfiguration, undefined);
      assert.deepEqual(inherited.deploymentOverview?.Pending, 1);
      await f.client.send(new StopDeploymentCommand({ deploymentId: inherited.deploymentId }));

      const overridden = await get(await f.deploy({
        deploymentGroupName: 'overrides',
        deploymentConfigName: 'CodeDeployDefault.AllAtOnce',
        autoRollbackConfiguration: { enabled: false },
        overrideAlarmConfiguration: { enabled: false },
        fileExistsBehavior: 'OVERWRITE',
        ignoreApplicationStopFailures: true,
        updateOutdatedInstancesOnly: true,
      }));
      assert.equal(overridden.deploymentConfigName, 'CodeDeployDefault.AllAtOnce');
      assert.deepEqual(overridden.autoRollbackConfiguration, { enabled: false, events: [] });
      assert.deepEqual(overridden.overrideAlarmConfiguration, { enabled: false, ignorePollAlarmFailure: false, alarms: [] });
      assert.equal(overridden.fileExistsBehavior, 'OVERWRITE');
      assert.equal(overridden.ignoreApplicationStopFailures, true);
      assert.equal(overridden.updateOutdatedInstancesOnly, true);
    });

    it("reports the group's last successful revision as previousRevision", async () => {
      await f.createGroup({ deploymentGroupName: 'previous' });
      const first = await f.deploy({ deploymentGroupName: 'previous', revision: s3Revision('v1.zip') });
      assert.equal((await get(first)).previousRevision, undefined);
      await finish(first, 'Succeeded');
      const second = await f.deploy({ deploymentGroupName: 'previous', revision: s3Revision('v2.zip') });
      await finish(second, 'Failed');
      const third = await f.deploy({ deploymentGroupName: 'previous', revision: s3Revision('v3.zip') });
      assert.deepEqual((await get(third)).previousRevision, s3Revision('v1.zip'));
    });

    it('allows one active deployment per group and names it in DeploymentLimitExceededException', async () => {
      await f.createGroup({ deploymentGroupName: 'limited' });
      const active = await f.deploy({ deploymentGroupName: 'limited' });
      await assert.rejects(create({ deploymentGroupName: 'limited' }), {
        name: 'DeploymentLimitExceededException',
        message: `The Deployment Group 'limited' already has an active Deployment '${active}'`,
      });
      await f.client.send(new StopDeploymentCommand({ deploymentId: active }));
      await f.deploy({ deploymentGroupName: 'limited' });
    });

    it('resolves blue/green targets from the group (Blue) and targetInstances (Green)', async () => {
      const blueGreenDeploymentConfiguration = {
        deploymentReadyOption: { actionOnTimeout: 'STOP_DEPLOYMENT' as const, waitTimeInMinutes: 30 },
        greenFleetProvisioningOption: { action: 'DISCOVER_EXISTING' as const },
        terminateBlueInstancesOnDeploymentSuccess: { action: 'TERMINATE' as const, terminationWaitTimeInMinutes: 5 },
      };
      await f.createGroup({
        deploymentGroupName: 'blue-green',
        onPremisesInstanceTagFilters: [{ Key: 'role', Value: 'web', Type: 'KEY_AND_VALUE' }],
        deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
        blueGreenDeploymentConfiguration,
        loadBalancerInfo: { targetGroupInfoList: [{ name: 'tg-web' }] },
      });
      const targetInstances = { tagFilters: [{ Key: 'role', Value: 'green', Type: 'KEY_AND_VALUE' as const }] };
      const deploymentId = await f.deploy({ deploymentGroupName: 'blue-green', targetInstances });
      const info = await get(deploymentId);
      assert.deepEqual(info.targetInstances, targetInstances);
      assert.deepEqual(info.blueGreenDeploymentConfiguration, blueGreenDeploymentConfiguration);
      assert.deepEqual(info.deploymentStyle, { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' });
      assert.equal(info.deploymentOverview?.Pending, 4);
      const events = async (targetId: string) => {
        const { deploymentTarget } = await f.client.send(new GetDeploymentTargetCommand({ deploymentId, targetId }));
        const t = deploymentTarget!.instanceTarget!;
        return [t.instanceLabel, t.lifecycleEvents!.map((e) => e.lifecycleEventName)];
      };
      assert.deepEqual(await events('web-1'), ['Blue', ['BeforeBlockTraffic', 'BlockTraffic', 'AfterBlockTraffic']]);
      assert.deepEqual(await events('green-2'),
        ['Green', [...INSTALL_EVENTS, 'BeforeAllowTraffic', 'AllowTraffic', 'AfterAllowTraffic']]);
      await f.client.send(new StopDeploymentCommand({ deploymentId }));

      await assert.rejects(create({ deploymentGroupName: 'blue-green', targetInstances: { tagFilters: [{ Key: 'role', Value: 'none', Type: 'KEY_AND_VALUE' }] } }),
        { name: 'InvalidTargetInstancesException' });
      await assert.rejects(create({
        deploymentGroupName: 'blue-green',
        targetInstances: { tagFilters: targetInstances.tagFilters, ec2TagSet: { ec2TagSetList: [targetInstances.tagFilters] } },
      }), { name: 'InvalidTargetInstancesException' });
      await assert.rejects(create({ deploymentGroupName: 'blue-green', targetInstances: { autoScalingGroups: ['asg-green'] } }),
        { name: 'InvalidAutoScalingGroupException' });
    });

    it('creates a Lambda deployment with its function as the target and hides AppSpec content', async () => {
      await f.createGroup({ applicationName: 'fn', deploymentGroupName: 'live' });
      const revision = { revisionType: 'AppSpecContent' as const, appSpecContent: { content: LAMBDA_APPSPEC } };
      const deploymentId = await f.deploy({ applicationName: 'fn', deploymentGroupName: 'live', revision });
      const info = await get(deploymentId);
      assert.equal(info.computePlatform, 'Lambda');
      assert.equal(info.deploymentConfigName, 'CodeDeployDefault.LambdaAllAtOnce');
      assert.equal(info.fileExistsBehavior, undefined);
      assert.equal(info.revision?.appSpecContent?.content, undefined);
      assert.match(info.revision?.appSpecContent?.sha256 ?? '', /^[0-9a-f]{64}$/);
      const { deploymentTarget } = await f.client.send(new GetDeploymentTargetCommand({ deploymentId, targetId: 'checkout:live' }));
      assert.equal(deploymentTarget?.deploymentTargetType, 'LambdaTarget');
      assert.deepEqual(deploymentTarget?.lambdaTarget?.lambdaFunctionInfo,
        { functionName: 'checkout', functionAlias: 'live', currentVersion: '1', targetVersion: '2', targetVersionWeight: 0 });

      const broken = { revisionType: 'AppSpecContent' as const, appSpecContent: { content: 'version: 0.0\nResources: []' } };
      await f.client.send(new StopDeploymentCommand({ deploymentId }));
      await assert.rejects(create({ applicationName: 'fn', deploymentGroupName: 'live', revision: broken }), { name: 'InvalidRevisionException' });
    });

    it('creates an ECS deployment with one target per service', async () => {
      await f.createGroup({
        applicationName: 'svc', deploymentGroupName: 'api',
        ecsServices: [{ clusterName: 'main', serviceName: 'api' }], loadBalancerInfo: ECS_LOAD_BALANCER,
      });
      const revision = { revisionType: 'AppSpecContent' as const, appSpecContent: { content: 'version: 0.0\nResources: []' } };
      const deploymentId = await f.deploy({ applicationName: 'svc', deploymentGroupName: 'api', revision });
      const { deploymentTarget } = await f.client.send(new GetDeploymentTargetCommand({ deploymentId, targetId: 'main:api' }));
      assert.equal(deploymentTarget?.deploymentTargetType, 'ECSTarget');
      assert.match(deploymentTarget?.ecsTarget?.targetArn ?? '', /^arn:aws:ecs:us-east-1:\d{12}:service\/main\/api$/);
      assert.deepEqual(deploymentTarget?.ecsTarget?.lifecycleEvents?.map((e) => e.lifecycleEventName),
        ['BeforeInstall', 'Install', 'AfterInstall', 'AllowTestTraffic', 'AfterAllowTestTraffic', 'BeforeAllowTraffic', 'AllowTraffic', 'AfterAllowTraffic']);
    });

    it('refuses CreateDeployment requests with the exception the model lists for each fault', async () => {
      await f.createGroup({ deploymentGroupName: 'faults' });
      await f.createGroup({ applicationName: 'fn', deploymentGroupName: 'faults' });
      const lambda = { applicationName: 'fn', deploymentGroupName: 'faults', revision: { revisionType: 'AppSpecContent' as const, appSpecContent: { content: LAMBDA_APPSPEC } } };
      const cases: [Partial<CreateDeploymentInput>, string][] = [
        [{ applicationName: undefined }, 'ApplicationNameRequiredException'],
        [{ applicationName: 'bad name' }, 'InvalidApplicationNameException'],
        [{ applicationName: 'nope' }, 'ApplicationDoesNotExistException'],
        [{ deploymentGroupName: undefined }, 'DeploymentGroupNameRequiredException'],
        [{ deploymentGroupName: 'bad/name' }, 'InvalidDeploymentGroupNameException'],
        [{ deploymentGroupName: 'nope' }, 'DeploymentGroupDoesNotExistException'],
        [{ deploymentGroupName: 'faults', revision: undefined }, 'RevisionRequiredException'],
        [{ deploymentGroupName: 'faults', revision: { revisionType: 'S3', s3Location: { bucket: 'b', bundleType: 'zip' } } }, 'InvalidRevisionException'],
        [{ deploymentGroupName: 'faults', revision: { revisionType: 'S3', s3Location: { bucket: 'b', key: 'k', bundleType: 'YAML' } } }, 'InvalidRevisionException'],
        [{ deploymentGroupName: 'faults', revision: lambda.revision }, 'InvalidRevisionException'],
        [{ deploymentGroupName: 'faults', deploymentConfigName: 'Custom.Missing' }, 'DeploymentConfigDoesNotExistException'],
        [{ deploymentGroupName: 'faults', deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce' }, 'InvalidDeploymentConfigNameException'],
        [{ deploymentGroupName: 'faults', description: 'x'.repeat(257) }, 'DescriptionTooLongException'],
        [{ deploymentGroupName: 'faults', fileExistsBehavior: 'MERGE' as 'RETAIN' }, 'InvalidFileExistsBehaviorException'],
        [{ deploymentGroupName: 'faults', targetInstances: { tagFilters: [{ Key: 'role', Value: 'web', Type: 'KEY_AND_VALUE' }] } }, 'InvalidTargetInstancesException'],
        [{ deploymentGroupName: 'faults', autoRollbackConfiguration: { enabled: true, events: [] } }, 'InvalidAutoRollbackConfigException'],
        [{ deploymentGroupName: 'faults', overrideAlarmConfiguration: { enabled: true, alarms: Array.from({ length: 11 }, (_, i) => ({ name: `a${i}` })) } }, 'AlarmsLimitExceededException'],
        [{ deploymentGroupName: 'faults', overrideAlarmConfiguration: { enabled: true, alarms: [{ name: 'a' }, { name: 'a' }] } }, 'InvalidAlarmConfigException'],
        [{ ...lambda, ignoreApplicationStopFailures: true }, 'InvalidIgnoreApplicationStopFailuresValueException'],
        [{ ...lambda, updateOutdatedInstancesOnly: true }, 'InvalidUpdateOutdatedInstancesOnlyValueException'],
        [{ ...lambda, targetInstances: { tagFilters: [{ Key: 'role', Value: 'green', Type: 'KEY_AND_VALUE' }] } }, 'InvalidTargetInstancesException'],
      ];
      for (const [input, name] of cases) {
        await assert.rejects(create(input), { name }, `${JSON.stringify(input).slice(0, 120)} should fail with ${name}`);
      }
      assert.deepEqual((await f.client.send(new ListDeploymentsCommand({ applicationName: 'web', deploymentGroupName: 'faults' }))).deployments, []);
    });

    it('refuses GetDeployment for a missing, malformed or unknown id', async () => {
      await assert.rejects(f.client.send(new GetDeploymentCommand({ deploymentId: '' })), { name: 'DeploymentIdRequiredException' });
      await assert.rejects(f.client.send(new GetDeploymentCommand({ deploymentId: 'deploy-1' })), { name: 'InvalidDeploymentIdException' });
      await assert.rejects(f.client.send(new GetDeploymentCommand({ deploymentId: 'd-AAAAAAAAA' })), { name: 'DeploymentDoesNotExistException' });
    });

    it('gets deployments in batches of at most 100, skipping unknown ids', async () => {
      await f.createGroup({ deploymentGroupName: 'batch-a' });
      await f.createGroup({ deploymentGroupName: 'batch-b' });
      const a = await f.deploy({ deploymentGroupName: 'batch-a' });
      const b = await f.deploy({ deploymentGroupName: 'batch-b' });
      const batch = async (deploymentIds: string[]) =>
        (await f.client.send(new BatchGetDeploymentsCommand({ deploymentIds }))).deploymentsInfo!.map((d) => d.deploymentId);
      assert.deepEqual(await batch([b, 'd-AAAAAAAAA', a]), [b, a]);
      assert.deepEqual(await batch([]), []);
      await assert.rejects(batch(['nope']), { name: 'InvalidDeploymentIdException' });
      await assert.rejects(batch(Array.from({ length: 101 }, () => a)), { name: 'BatchLimitExceededException' });
    });

    it('stops a deployment that has not started at once, as MANUAL_STOP with every target Skipped', async () => {
      await f.createGroup({ deploymentGroupName: 'stop-now', onPremisesInstanceTagFilters: [{ Key: 'role', Value: 'web', Type: 'KEY_AND_VALUE' }] });
      const deploymentId = await f.deploy({ deploymentGroupName: 'stop-now' });
      const stoppedAt = f.clock.advance(5000);
      const out = await f.client.send(new StopDeploymentCommand({ deploymentId, autoRollbackEnabled: true }));
      assert.equal(out.status, 'Succeeded');
      assert.ok(out.statusMessage);
      const info = await get(deploymentId);
      assert.equal(info.status, 'Stopped');
      assert.equal(info.completeTime?.getTime(), stoppedAt);
      assert.deepEqual(info.errorInformation, { code: 'MANUAL_STOP', message: 'The deployment was stopped by a user.' });
      assert.deepEqual(info.deploymentOverview, { Pending: 0, InProgress: 0, Succeeded: 0, Failed: 0, Skipped: 2, Ready: 0 });
      const target = (await f.client.send(new GetDeploymentTargetCommand({ deploymentId, targetId: 'web-2' }))).deploymentTarget!.instanceTarget!;
      assert.equal(target.status, 'Skipped');
      assert.equal(target.lastUpdatedAt?.getTime(), stoppedAt);
      assert.ok(target.lifecycleEvents!.every((e) => e.status === 'Skipped'));
      assert.deepEqual((await f.api.store.deployments.get(deploymentId))?.control.stopRequested, { time: stoppedAt, autoRollbackEnabled: true });
      assert.equal((await f.client.send(new StopDeploymentCommand({ deploymentId }))).status, 'Succeeded', 'a later call answers Succeeded');
    });

    it('records a stop of a running deployment for the engine and answers Pending', async () => {
      await f.createGroup({ deploymentGroupName: 'stop-later' });
      const deploymentId = await f.deploy({ deploymentGroupName: 'stop-later' });
      await setState(deploymentId, () => ({ status: 'InProgress' }));
      const out = await f.client.send(new StopDeploymentCommand({ deploymentId }));
      assert.equal(out.status, 'Pending');
      assert.equal((await get(deploymentId)).status, 'InProgress');
      // Not given: the deployment's autoRollbackConfiguration decides when the engine ends it.
      assert.equal((await f.api.store.deployments.get(deploymentId))?.control.stopRequested?.autoRollbackEnabled, undefined);
    });

    it('refuses StopDeployment for a missing, malformed or unknown id', async () => {
      await assert.rejects(f.client.send(new StopDeploymentCommand({ deploymentId: '' })), { name: 'DeploymentIdRequiredException' });
      await assert.rejects(f.client.send(new StopDeploymentCommand({ deploymentId: 'x' })), { name: 'InvalidDeploymentIdException' });
      await assert.rejects(f.client.send(new StopDeploymentCommand({ deploymentId: 'd-AAAAAAAAA' })), { name: 'DeploymentDoesNotExistException' });
    });

    it('continues a blue/green deployment only from the wait it is in', async () => {
      await f.createGroup({ deploymentGroupName: 'continue', deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITHOUT_TRAFFIC_CONTROL' } });
      await f.createGroup({ deploymentGroupName: 'continue-in-place' });
      const continueWith = (deploymentId: string, deploymentWaitType?: 'READY_WAIT' | 'TERMINATION_WAIT') =>
        f.client.send(new ContinueDeploymentCommand({ deploymentId, deploymentWaitType }));
      const inPlace = await f.deploy({ deploymentGroupName: 'continue-in-place' });
      await assert.rejects(continueWith(inPlace), { name: 'UnsupportedActionForDeploymentTypeException' });

      const deploymentId = await f.deploy({ deploymentGroupName: 'continue' });
      await assert.rejects(continueWith(deploymentId), { name: 'DeploymentIsNotInReadyStateException' });
      await assert.rejects(continueWith(deploymentId, 'TERMINATION_WAIT'), { name: 'InvalidDeploymentStatusException' });
      await setState(deploymentId, () => ({ status: 'Ready' }));
      const readyAt = f.clock.advance(1000);
      await continueWith(deploymentId, 'READY_WAIT');
      assert.equal((await f.api.store.deployments.get(deploymentId))?.control.readyWaitContinuedAt, readyAt);
      await setState(deploymentId, (d) => ({ status: 'Baking', details: { ...d.details, instanceTerminationWaitTimeStarted: true } }));
      await continueWith(deploymentId, 'TERMINATION_WAIT');
      assert.equal((await f.api.store.deployments.get(deploymentId))?.control.terminationWaitSkippedAt, readyAt);
      await finish(deploymentId, 'Succeeded');
      await assert.rejects(continueWith(deploymentId), { name: 'DeploymentAlreadyCompletedException' });

      await assert.rejects(f.client.send(new ContinueDeploymentCommand({})), { name: 'DeploymentIdRequiredException' });
      await assert.rejects(continueWith('bad'), { name: 'InvalidDeploymentIdException' });
      await assert.rejects(continueWith('d-AAAAAAAAA'), { name: 'DeploymentDoesNotExistException' });
      await assert.rejects(continueWith(deploymentId, 'LATER' as 'READY_WAIT'), { name: 'InvalidDeploymentWaitTypeException' });
    });

    it('skips the termination wait of a started blue/green deployment', async () => {
      await f.createGroup({ deploymentGroupName: 'skip', deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITHOUT_TRAFFIC_CONTROL' } });
      await f.createGroup({ deploymentGroupName: 'skip-in-place' });
      const skip = (deploymentId?: string) => f.client.send(new SkipWaitTimeForInstanceTerminationCommand({ deploymentId }));
      await assert.rejects(skip(await f.deploy({ deploymentGroupName: 'skip-in-place' })), { name: 'UnsupportedActionForDeploymentTypeException' });
      const deploymentId = await f.deploy({ deploymentGroupName: 'skip' });
      await assert.rejects(skip(deploymentId), { name: 'DeploymentNotStartedException' });
      await setState(deploymentId, () => ({ status: 'InProgress' }));
      const skippedAt = f.clock.advance(1000);
      await skip(deploymentId);
      assert.equal((await f.api.store.deployments.get(deploymentId))?.control.terminationWaitSkippedAt, skippedAt);
      await finish(deploymentId, 'Failed');
      await assert.rejects(skip(deploymentId), { name: 'DeploymentAlreadyCompletedException' });
      await assert.rejects(skip(), { name: 'DeploymentIdRequiredException' });
      await assert.rejects(skip('d-bad'), { name: 'InvalidDeploymentIdException' });
      await assert.rejects(skip('d-AAAAAAAAA'), { name: 'DeploymentDoesNotExistException' });
    });

    it("records a Lambda hook's outcome once, by its hook execution id", async () => {
      await f.createGroup({ applicationName: 'fn', deploymentGroupName: 'hooks' });
      const revision = { revisionType: 'AppSpecContent' as const, appSpecContent: { content: LAMBDA_APPSPEC } };
      const deploymentId = await f.deploy({ applicationName: 'fn', deploymentGroupName: 'hooks', revision });
      const [target] = await f.api.store.deploymentTargets.listAll(deploymentId);
      const hookId = target!.lifecycleEvents.find((e) => e.lifecycleEventName === 'BeforeAllowTraffic')!.hookExecutionId;
      const put = (input: { deploymentId?: string; lifecycleEventHookExecutionId?: string; status?: string }) =>
        f.client.send(new PutLifecycleEventHookExecutionStatusCommand(input as never));

      await assert.rejects(put({ deploymentId, lifecycleEventHookExecutionId: hookId, status: 'InProgress' }),
        { name: 'InvalidLifecycleEventHookExecutionStatusException' });
      await assert.rejects(put({ deploymentId, lifecycleEventHookExecutionId: 'not-a-hook', status: 'Succeeded' }),
        { name: 'InvalidLifecycleEventHookExecutionIdException' });
      const doneAt = f.clock.advance(1000);
      const out = await put({ deploymentId, lifecycleEventHookExecutionId: hookId, status: 'Succeeded' });
      assert.equal(out.lifecycleEventHookExecutionId, hookId);
      const { deploymentTarget } = await f.client.send(new GetDeploymentTargetCommand({ deploymentId, targetId: 'checkout:live' }));
      assert.deepEqual(deploymentTarget?.lambdaTarget?.lifecycleEvents?.[0],
        { lifecycleEventName: 'BeforeAllowTraffic', status: 'Succeeded', startTime: new Date(doneAt), endTime: new Date(doneAt) });
      await assert.rejects(put({ deploymentId, lifecycleEventHookExecutionId: hookId, status: 'Failed' }),
        { name: 'LifecycleEventAlreadyCompletedException' });

      await f.createGroup({ deploymentGroupName: 'hooks-server' });
      const server = await f.deploy({ deploymentGroupName: 'hooks-server' });
      await assert.rejects(put({ deploymentId: server, lifecycleEventHookExecutionId: hookId, status: 'Succeeded' }),
        { name: 'UnsupportedActionForDeploymentTypeException' });
      await assert.rejects(put({ lifecycleEventHookExecutionId: hookId, status: 'Succeeded' }), { name: 'DeploymentIdRequiredException' });
      await assert.rejects(put({ deploymentId: 'd-AAAAAAAAA', lifecycleEventHookExecutionId: hookId, status: 'Succeeded' }),
        { name: 'DeploymentDoesNotExistException' });
    });
  });

  describe(`ListDeployments and DeleteResourcesByExternalId on ${dialect}`, () => {
    let f: DeploymentFixture;
    const ids: string[] = [];
    let firstAt = 0;
    before(async () => {
      f = await startDeploymentFixture(dialect);
      await f.createGroup({ deploymentGroupName: 'one' });
      await f.createGroup({ deploymentGroupName: 'two' });
      // Four deployments a second apart, alternating groups; all but the newest Succeeded.
      for (let i = 0; i < 4; i++) {
        const at = f.clock.advance(1000);
        if (i === 0) firstAt = at;
        ids.push(await f.deploy({ deploymentGroupName: i % 2 ? 'two' : 'one' }));
        if (i < 3) await f.api.store.deployments.update(ids[i]!, () => ({ status: 'Succeeded', completeTime: at }));
      }
    });
    after(() => f.api.close());

    const list = async (input: ListDeploymentsInput = {}) => (await f.client.send(new ListDeploymentsCommand(input)));

    it('lists every deployment newest first, or one group, status and time range', async () => {
      assert.deepEqual((await list()).deployments, [...ids].reverse());
      assert.deepEqual((await list({ applicationName: 'web', deploymentGroupName: 'two' })).deployments, [ids[3], ids[1]]);
      assert.deepEqual((await list({ includeOnlyStatuses: ['Created', 'InProgress'] })).deployments, [ids[3]]);
      assert.deepEqual((await list({ includeOnlyStatuses: ['Succeeded'], applicationName: 'web', deploymentGroupName: 'one' })).deployments, [ids[2], ids[0]]);
      const range = { start: new Date(firstAt + 1000), end: new Date(firstAt + 2000) };
      assert.deepEqual((await list({ createTimeRange: range })).deployments, [ids[2], ids[1]]);
      assert.deepEqual((await list({ createTimeRange: { start: new Date(firstAt + 3000) } })).deployments, [ids[3]]);
    });

    it('pages through more than one page with nextToken', async () => {
      const now = f.clock.now();
      for (let i = 0; i < 101; i++) {
        await f.api.store.deployments.create({
          deployment: {
            deploymentId: `d-PAGE${String(i).padStart(5, '0')}`, applicationName: 'web', deploymentGroupName: `paged-${i}`,
            status: 'Succeeded', createTime: now - 100_000 - i, details: {}, control: {},
          },
          targets: [],
        });
      }
      const first = await list();
      assert.equal(first.deployments?.length, 100);
      assert.ok(first.nextToken);
      const second = await list({ nextToken: first.nextToken });
      assert.equal(second.nextToken, undefined);
      const all = [...first.deployments!, ...second.deployments!];
      assert.equal(all.length, 105);
      assert.equal(new Set(all).size, 105);
      await assert.rejects(list({ nextToken: 'garbage' }), { name: 'InvalidNextTokenException' });
    });

    it('refuses ListDeployments filters the model does not allow', async () => {
      await assert.rejects(list({ deploymentGroupName: 'one' }), { name: 'ApplicationNameRequiredException' });
      await assert.rejects(list({ applicationName: 'web' }), { name: 'DeploymentGroupNameRequiredException' });
      await assert.rejects(list({ applicationName: 'nope', deploymentGroupName: 'one' }), { name: 'ApplicationDoesNotExistException' });
      await assert.rejects(list({ applicationName: 'web', deploymentGroupName: 'nope' }), { name: 'DeploymentGroupDoesNotExistException' });
      await assert.rejects(list({ applicationName: 'bad name', deploymentGroupName: 'one' }), { name: 'InvalidApplicationNameException' });
      await assert.rejects(list({ includeOnlyStatuses: ['Done' as 'Created'] }), { name: 'InvalidDeploymentStatusException' });
      await assert.rejects(list({ createTimeRange: { start: new Date(2000), end: new Date(1000) } }), { name: 'InvalidTimeRangeException' });
    });

    it('lists and deletes the deployments linked to an external id', async () => {
      for (const [deploymentId, externalId] of [['d-EXTERNAL1', 'stack-a'], ['d-EXTERNAL2', 'stack-b']]) {
        await f.api.store.deployments.create({
          deployment: {
            deploymentId: deploymentId!, applicationName: 'web', deploymentGroupName: `cfn-${externalId}`, status: 'Succeeded',
            createTime: f.clock.now(), externalId, details: {}, control: {},
          },
          targets: [],
        });
      }
      assert.deepEqual((await list({ externalId: 'stack-a' })).deployments, ['d-EXTERNAL1']);
      assert.equal((await f.client.send(new GetDeploymentCommand({ deploymentId: 'd-EXTERNAL1' }))).deploymentInfo?.externalId, 'stack-a');
      assert.deepEqual(await f.client.send(new DeleteResourcesByExternalIdCommand({ externalId: 'stack-a' })).then((o) => ({ ...o, $metadata: undefined })),
        { $metadata: undefined });
      assert.deepEqual((await list({ externalId: 'stack-a' })).deployments, []);
      await assert.rejects(f.client.send(new GetDeploymentCommand({ deploymentId: 'd-EXTERNAL1' })), { name: 'DeploymentDoesNotExistException' });
      assert.deepEqual((await list({ externalId: 'stack-b' })).deployments, ['d-EXTERNAL2']);
      await f.client.send(new DeleteResourcesByExternalIdCommand({}));
    });

    it('lets a deployer create and stop deployments and a read-only key only read them', async () => {
      const deployer = await f.api.clientAs('deployer');
      const readonly = await f.api.clientAs('readonly');
      const { deploymentId } = await deployer.send(new CreateDeploymentCommand({ applicationName: 'web', deploymentGroupName: 'one', revision: s3Revision() }));
      await assert.rejects(readonly.send(new StopDeploymentCommand({ deploymentId })), { name: 'AccessDeniedException' });
      assert.equal((await readonly.send(new GetDeploymentCommand({ deploymentId }))).deploymentInfo?.status, 'Created');
      assert.equal((await deployer.send(new StopDeploymentCommand({ deploymentId }))).status, 'Succeeded');
    });
  });
}
