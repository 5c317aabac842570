import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS, openTestStore } from '../../test/support/dialects.ts';
import type { DeploymentTargetRecord } from './deployment-targets.ts';
import type { Store } from './store.ts';

const T0 = Date.UTC(2026, 0, 1);
const DEPLOYMENT_ID = 'd-TARGETS01';

function instanceTarget(targetId: string, status: DeploymentTargetRecord['status'], instanceLabel: 'Blue' | 'Green'): DeploymentTargetRecord {
  return {
    deploymentId: DEPLOYMENT_ID, targetId, targetType: 'InstanceTarget', status, instanceLabel, lastUpdatedAt: T0,
    targetArn: `arn:aws:codedeploy:us-east-1:123456789012:instance/${targetId}`,
    lifecycleEvents: [{ lifecycleEventName: 'BeforeInstall', status: 'Pending', hookExecutionId: `hook-${targetId}` }],
  };
}

for (const dialect of DIALECTS) {
  describe(`DeploymentTargetStore on ${dialect}`, () => {
    let store: Store;
    let close: () => Promise<void>;
    const targets = [
      instanceTarget('web-1', 'Pending', 'Blue'),
      instanceTarget('web-2', 'Succeeded', 'Blue'),
      instanceTarget('web-3', 'Failed', 'Green'),
      instanceTarget('web-4', 'Pending', 'Green'),
    ];
    const detailed: DeploymentTargetRecord = {
      ...instanceTarget('web-0', 'Failed', 'Blue'),
      lifecycleEvents: [
        { lifecycleEventName: 'ApplicationStop', status: 'Succeeded', hookExecutionId: 'h1', startTime: T0 + 1, endTime: T0 + 2,
          diagnostics: { errorCode: 'Success', scriptName: '', message: 'Succeeded', logTail: '' } },
        { lifecycleEventName: 'BeforeInstall', status: 'Failed', hookExecutionId: 'h2', startTime: T0 + 3, endTime: T0 + 4,
          diagnostics: { errorCode: 'ScriptFailed', scriptName: 'scripts/install.sh', message: 'exit 1', logTail: 'oops' } },
      ],
    };
    before(async () => {
      ({ store, close } = await openTestStore(dialect));
      await store.deployments.create({
        deployment: {
          deploymentId: DEPLOYMENT_ID, applicationName: 'app', deploymentGroupName: 'group', status: 'Created', createTime: T0,
          details: {}, control: {},
        },
        targets: [...targets, detailed],
      });
    });
    after(() => close());

    it('round-trips a target with its lifecycle events, times and diagnostics', async () => {
      assert.deepEqual(await store.deploymentTargets.get(DEPLOYMENT_ID, 'web-0'), detailed);
      assert.equal(await store.deploymentTargets.get(DEPLOYMENT_ID, 'web-9'), undefined);
      assert.equal(await store.deploymentTargets.get('d-OTHER0000', 'web-0'), undefined);
    });

    it('reads a batch in request order with undefined for unknown ids', async () => {
      const read = await store.deploymentTargets.batchGet(DEPLOYMENT_ID, ['web-3', 'nope', 'web-1']);
      assert.deepEqual(read.map((t) => t?.targetId), ['web-3', undefined, 'web-1']);
    });

    it('lists every target by id', async () => {
      assert.deepEqual((await store.deploymentTargets.listAll(DEPLOYMENT_ID)).map((t) => t.targetId),
        ['web-0', 'web-1', 'web-2', 'web-3', 'web-4']);
    });

    it('filters target ids by status and by label', async () => {
      const list = (o: { statuses?: DeploymentTargetRecord['status'][]; labels?: ('Blue' | 'Green')[] }) =>
        store.deploymentTargets.list({ deploymentId: DEPLOYMENT_ID, limit: 10, ...o });
      assert.deepEqual(await list({ statuses: ['Pending'] }), ['web-1', 'web-4']);
      assert.deepEqual(await list({ statuses: ['Failed', 'Succeeded'] }), ['web-0', 'web-2', 'web-3']);
      assert.deepEqual(await list({ labels: ['Green'] }), ['web-3', 'web-4']);
      assert.deepEqual(await list({ statuses: ['Pending'], labels: ['Blue'] }), ['web-1']);
      assert.deepEqual(await list({ statuses: [], labels: [] }), ['web-0', 'web-1', 'web-2', 'web-3', 'web-4']);
    });

    it('pages target ids from a position', async () => {
      const first = await store.deploymentTargets.list({ deploymentId: DEPLOYMENT_ID, limit: 3 });
      const rest = await store.deploymentTargets.list({ deploymentId: DEPLOYMENT_ID, limit: 3, after: first.at(-1) });
      assert.deepEqual(first, ['web-0', 'web-1', 'web-2']);
      assert.deepEqual(rest, ['web-3', 'web-4']);
    });
  });
}
