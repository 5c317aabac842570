import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS, openTestStore } from '../../test/support/dialects.ts';
import type { DeploymentTargetRecord } from './deployment-targets.ts';
import type { NewDeployment } from './deployments.ts';
import type { Store } from './store.ts';

const T0 = Date.UTC(2026, 0, 1);
let serial = 0;

function newDeployment(overrides: Partial<NewDeployment> = {}): NewDeployment {
  serial += 1;
  return {
    deploymentId: `d-${String(serial).padStart(9, '0')}`,
    applicationName: 'app',
    deploymentGroupName: 'group',
    status: 'Created',
    createTime: T0 + serial * 1000,
    details: {
      deploymentConfigName: 'CodeDeployDefault.OneAtATime',
      revision: { revisionType: 'S3', s3Location: { bucket: 'b', key: `k${serial}`, bundleType: 'zip' } },
      creator: 'user',
    },
    control: { deploymentGroupId: 'g-1' },
    ...overrides,
  };
}

function target(deploymentId: string, targetId: string, status: DeploymentTargetRecord['status'] = 'Pending'): DeploymentTargetRecord {
  return {
    deploymentId, targetId, targetType: 'InstanceTarget', status, instanceLabel: 'Blue', lastUpdatedAt: T0,
    targetArn: `arn:aws:codedeploy:us-east-1:123456789012:instance/${targetId}`,
    lifecycleEvents: [{ lifecycleEventName: 'ApplicationStop', status: 'Pending', hookExecutionId: `${deploymentId}-${targetId}` }],
  };
}

for (const dialect of DIALECTS) {
  describe(`DeploymentStore on ${dialect}`, () => {
    let store: Store;
    let close: () => Promise<void>;
    before(async () => ({ store, close } = await openTestStore(dialect)));
    after(() => close());

    it('stores a deployment with its targets and counts the overview from the targets', async () => {
      const d = newDeployment({ deploymentGroupName: 'overview' });
      const outcome = await store.deployments.create({
        deployment: d,
        targets: [target(d.deploymentId, 'a'), target(d.deploymentId, 'b'), target(d.deploymentId, 'c', 'Skipped')],
      });
      assert.deepEqual(outcome, { created: true });
      const read = await store.deployments.get(d.deploymentId);
      assert.deepEqual(read, { ...d, version: 0, overview: { Pending: 2, InProgress: 0, Succeeded: 0, Failed: 0, Skipped: 1, Ready: 0 } });
      assert.equal(await store.deployments.get('d-NOPE00000'), undefined);
    });

    it('refuses a second active deployment in a group and names the active one', async () => {
      const first = newDeployment({ deploymentGroupName: 'limit' });
      await store.deployments.create({ deployment: first, targets: [] });
      const second = newDeployment({ deploymentGroupName: 'limit' });
      assert.deepEqual(await store.deployments.create({ deployment: second, targets: [] }),
        { created: false, activeDeploymentId: first.deploymentId });
      assert.equal(await store.deployments.get(second.deploymentId), undefined);
      const elsewhere = newDeployment({ deploymentGroupName: 'limit-other' });
      assert.deepEqual(await store.deployments.create({ deployment: elsewhere, targets: [] }), { created: true });
    });

    it('accepts a new deployment once the active one is final', async () => {
      const first = newDeployment({ deploymentGroupName: 'final' });
      await store.deployments.create({ deployment: first, targets: [] });
      await store.deployments.update(first.deploymentId, () => ({ status: 'Succeeded', completeTime: T0 + 5 }));
      assert.equal(await store.deployments.activeDeploymentId('app', 'final'), undefined);
      assert.deepEqual(await store.deployments.create({ deployment: newDeployment({ deploymentGroupName: 'final' }), targets: [] }),
        { created: true });
    });

    it('lets exactly one of two racing creates for a group through', async () => {
      const a = newDeployment({ deploymentGroupName: 'race' });
      const b = newDeployment({ deploymentGroupName: 'race' });
      const outcomes = await Promise.all([a, b].map((deployment) => store.deployments.create({
        deployment, targets: [target(deployment.deploymentId, 'x')],
      })));
      assert.equal(outcomes.filter((o) => o.created).length, 1);
      const winner = (await store.deployments.activeDeploymentId('app', 'race'))!;
      assert.deepEqual(outcomes.find((o) => !o.created), { created: false, activeDeploymentId: winner });
    });

    it('rolls back the deployment when the work sharing its transaction fails', async () => {
      const d = newDeployment({ deploymentGroupName: 'rollback' });
      await assert.rejects(store.deployments.create({
        deployment: d, targets: [target(d.deploymentId, 'a')],
        alsoInTransaction: async () => { throw new Error('boom'); },
      }), /boom/);
      assert.equal(await store.deployments.get(d.deploymentId), undefined);
      assert.deepEqual(await store.deploymentTargets.listAll(d.deploymentId), []);
    });

    it('reads a batch in request order, skipping unknown ids and repeats', async () => {
      const x = newDeployment({ deploymentGroupName: 'batch-x' });
      const y = newDeployment({ deploymentGroupName: 'batch-y' });
      for (const deployment of [x, y]) await store.deployments.create({ deployment, targets: [] });
      const read = await store.deployments.batchGet([y.deploymentId, 'd-UNKNOWN00', x.deploymentId, y.deploymentId]);
      assert.deepEqual(read.map((d) => d.deploymentId), [y.deploymentId, x.deploymentId]);
      assert.deepEqual(await store.deployments.batchGet([]), []);
    });

    it('applies an update with its target changes and bumps the version', async () => {
      const d = newDeployment({ deploymentGroupName: 'update' });
      await store.deployments.create({ deployment: d, targets: [target(d.deploymentId, 'a'), target(d.deploymentId, 'b')] });
      const updated = await store.deployments.update(d.deploymentId, (current, targets) => ({
        status: 'InProgress',
        details: { ...current.details, startTime: T0 + 10 },
        targets: [{ ...targets[0]!, status: 'InProgress', lastUpdatedAt: T0 + 10 }],
      }));
      assert.equal(updated?.status, 'InProgress');
      assert.equal(updated?.version, 1);
      assert.equal(updated?.details.startTime, T0 + 10);
      assert.deepEqual(updated?.overview, { Pending: 1, InProgress: 1, Succeeded: 0, Failed: 0, Skipped: 0, Ready: 0 });
      const a = await store.deploymentTargets.get(d.deploymentId, 'a');
      assert.equal(a?.status, 'InProgress');
      assert.equal(a?.lastUpdatedAt, T0 + 10);
    });

    it('writes nothing when the change is empty or refused, and reports a missing deployment', async () => {
      const d = newDeployment({ deploymentGroupName: 'refuse' });
      await store.deployments.create({ deployment: d, targets: [] });
      assert.equal((await store.deployments.update(d.deploymentId, () => undefined))?.version, 0);
      await assert.rejects(store.deployments.update(d.deploymentId, () => { throw new Error('refused'); }), /refused/);
      assert.equal((await store.deployments.get(d.deploymentId))?.version, 0);
      assert.equal(await store.deployments.update('d-MISSING00', () => ({ status: 'Failed' })), undefined);
    });

    it('loses no update when two writers change the same deployment at once', async () => {
      const d = newDeployment({ deploymentGroupName: 'concurrent' });
      await store.deployments.create({ deployment: d, targets: [] });
      await Promise.all([
        store.deployments.update(d.deploymentId, (c) => ({ control: { ...c.control, readyWaitContinuedAt: 1 } })),
        store.deployments.update(d.deploymentId, (c) => ({ control: { ...c.control, terminationWaitSkippedAt: 2 } })),
      ]);
      const read = await store.deployments.get(d.deploymentId);
      assert.equal(read?.version, 2);
      assert.deepEqual(read?.control, { deploymentGroupId: 'g-1', readyWaitContinuedAt: 1, terminationWaitSkippedAt: 2 });
    });

    it("finds the revision of the group's newest successful deployment", async () => {
      assert.equal(await store.deployments.lastSuccessfulRevision('app', 'previous'), undefined);
      const older = newDeployment({ deploymentGroupName: 'previous' });
      await store.deployments.create({ deployment: older, targets: [] });
      await store.deployments.update(older.deploymentId, () => ({ status: 'Succeeded', completeTime: T0 + 1 }));
      const failed = newDeployment({ deploymentGroupName: 'previous' });
      await store.deployments.create({ deployment: failed, targets: [] });
      await store.deployments.update(failed.deploymentId, () => ({ status: 'Failed', completeTime: T0 + 2 }));
      assert.deepEqual(await store.deployments.lastSuccessfulRevision('app', 'previous'), older.details.revision);
    });

    it('deletes the deployments and targets linked to an external id, and only those', async () => {
      const linked = newDeployment({ deploymentGroupName: 'external-1', externalId: 'stack-1' });
      const other = newDeployment({ deploymentGroupName: 'external-2', externalId: 'stack-2' });
      for (const deployment of [linked, other]) {
        await store.deployments.create({ deployment, targets: [target(deployment.deploymentId, 'a')] });
      }
      assert.equal(await store.deployments.deleteByExternalId('stack-1'), 1);
      assert.equal(await store.deployments.deleteByExternalId('stack-1'), 0);
      assert.equal(await store.deployments.get(linked.deploymentId), undefined);
      assert.deepEqual(await store.deploymentTargets.listAll(linked.deploymentId), []);
      assert.equal((await store.deployments.get(other.deploymentId))?.externalId, 'stack-2');
    });
  });

  describe(`DeploymentStore.list on ${dialect}`, () => {
    let store: Store;
    let close: () => Promise<void>;
    const ids: string[] = [];
    before(async () => {
      ({ store, close } = await openTestStore(dialect));
      // Five deployments in two groups, one final per group so each group may take another.
      for (let i = 0; i < 5; i++) {
        const d = newDeployment({ deploymentGroupName: i % 2 ? 'odd' : 'even', createTime: T0 + (i < 4 ? i : 3) * 1000, externalId: i === 4 ? 'ext' : undefined });
        ids.push(d.deploymentId);
        await store.deployments.create({ deployment: d, targets: [] });
        if (i < 3) await store.deployments.update(d.deploymentId, () => ({ status: 'Succeeded', completeTime: d.createTime }));
      }
    });
    after(() => close());

    const list = async (options: Parameters<Store['deployments']['list']>[0]) => (await store.deployments.list(options)).map((r) => r.deploymentId);

    it('lists newest first, breaking create-time ties by id', async () => {
      assert.deepEqual(await list({ limit: 10 }), [ids[4], ids[3], ids[2], ids[1], ids[0]]);
    });

    it('filters by application and group, status, create time and external id', async () => {
      assert.deepEqual(await list({ applicationName: 'app', deploymentGroupName: 'odd', limit: 10 }), [ids[3], ids[1]]);
      assert.deepEqual(await list({ applicationName: 'other', deploymentGroupName: 'odd', limit: 10 }), []);
      assert.deepEqual(await list({ statuses: ['Created'], limit: 10 }), [ids[4], ids[3]]);
      assert.deepEqual(await list({ createdFrom: T0 + 1000, createdUntil: T0 + 2000, limit: 10 }), [ids[2], ids[1]]);
      assert.deepEqual(await list({ externalId: 'ext', limit: 10 }), [ids[4]]);
    });

    it('pages from a position without repeating or skipping', async () => {
      const first = await store.deployments.list({ limit: 2 });
      const second = await store.deployments.list({ limit: 2, after: first.at(-1)!.position });
      const third = await store.deployments.list({ limit: 2, after: second.at(-1)!.position });
      assert.deepEqual([...first, ...second, ...third].map((r) => r.deploymentId), [ids[4], ids[3], ids[2], ids[1], ids[0]]);
    });
  });
}
