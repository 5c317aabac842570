import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DIALECTS, openTestStore } from '../../test/support/dialects.ts';
import type { DeploymentGroupSettings } from './deployment-groups.ts';

const SETTINGS: DeploymentGroupSettings = {
  serviceRoleArn: 'arn:aws:iam::123456789012:role/r',
  deploymentStyle: { deploymentType: 'IN_PLACE', deploymentOption: 'WITHOUT_TRAFFIC_CONTROL' },
  outdatedInstancesStrategy: 'UPDATE',
  terminationHookEnabled: false,
};

async function storeFor(t: { after(fn: () => Promise<void>): void }, dialect: (typeof DIALECTS)[number]) {
  const opened = await openTestStore(dialect, { now: () => 1_700_000_000_000 });
  t.after(() => opened.close());
  return opened.store;
}

for (const dialect of DIALECTS) {
  describe(`ApplicationStore on ${dialect}`, () => {
    it('creates an application with an id, the clock time and its tags', async (t) => {
      const store = await storeFor(t, dialect);
      const created = await store.applications.create({ applicationName: 'web', computePlatform: 'ECS', tags: [{ Key: 'k', Value: 'v' }] });
      assert.equal(created.result, 'created');
      const app = await store.applications.get('web');
      assert.deepEqual(app, {
        applicationId: created.result === 'created' ? created.application.applicationId : '',
        applicationName: 'web', computePlatform: 'ECS', createTime: new Date(1_700_000_000_000), linkedToGitHub: false,
        gitHubAccountName: undefined,
      });
      assert.deepEqual(await store.resourceTags.list('application:web'), [{ Key: 'k', Value: 'v' }]);
      assert.equal(await store.applications.get('Web'), undefined);
    });

    it('reports a taken name instead of creating it twice, also when two creates race', async (t) => {
      const store = await storeFor(t, dialect);
      const results = await Promise.all([1, 2, 3].map(() => store.applications.create({ applicationName: 'web', computePlatform: 'Server' })));
      assert.deepEqual(results.map((r) => r.result).sort(), ['created', 'exists', 'exists']);
    });

    it('pages names in sorted order', async (t) => {
      const store = await storeFor(t, dialect);
      for (const name of ['c', 'a', 'b', 'd']) await store.applications.create({ applicationName: name, computePlatform: 'Server' });
      assert.deepEqual(await store.applications.listNames({ limit: 3 }), ['a', 'b', 'c']);
      assert.deepEqual(await store.applications.listNames({ after: 'c', limit: 3 }), ['d']);
      assert.deepEqual((await store.applications.getMany(['d', 'x', 'a'])).map((a) => a.applicationName).sort(), ['a', 'd']);
    });

    it('renames an application with its groups, deployments, revisions and tags in one go', async (t) => {
      const store = await storeFor(t, dialect);
      await store.applications.create({ applicationName: 'old', computePlatform: 'Server', tags: [{ Key: 'a', Value: '1' }] });
      await store.applications.create({ applicationName: 'taken', computePlatform: 'Server' });
      await store.deploymentGroups.create({
        applicationName: 'old', deploymentGroupName: 'g', deploymentConfigName: 'CodeDeployDefault.OneAtATime', settings: SETTINGS, tags: [{ Key: 'b', Value: '2' }],
      });
      await store.db.insertInto('deployments').values({
        deployment_id: 'd-AAAAAAAAA', application_name: 'old', deployment_group_name: 'g', status: 'Succeeded', create_time: 1, complete_time: 2, body: '{}', version: 0,
      }).execute();
      await store.db.insertInto('revisions').values({
        application_name: 'old', revision_key: 'r', revision: '{}', description: null, register_time: 1, first_used_time: null, last_used_time: null, deployment_groups: '[]',
      }).execute();
      assert.equal(await store.applications.rename('missing', 'x'), 'missing');
      assert.equal(await store.applications.rename('old', 'taken'), 'exists');
      assert.equal(await store.applications.rename('old', 'new'), 'renamed');
      assert.equal(await store.applications.get('old'), undefined);
      assert.equal((await store.deploymentGroups.get('new', 'g'))?.lastSuccessfulDeployment?.deploymentId, 'd-AAAAAAAAA');
      const revisions = await store.db.selectFrom('revisions').select('application_name').execute();
      assert.deepEqual(revisions, [{ application_name: 'new' }]);
      assert.deepEqual(await store.resourceTags.list('application:new'), [{ Key: 'a', Value: '1' }]);
      assert.deepEqual(await store.resourceTags.list('deploymentgroup:new/g'), [{ Key: 'b', Value: '2' }]);
      assert.deepEqual(await store.resourceTags.list('application:old'), []);
    });

    it('deletes an application with its groups, revisions and tags but keeps deployment history', async (t) => {
      const store = await storeFor(t, dialect);
      await store.applications.create({ applicationName: 'web', computePlatform: 'Server', tags: [{ Key: 'a', Value: '1' }] });
      await store.applications.create({ applicationName: 'web_x', computePlatform: 'Server' });
      for (const app of ['web', 'web_x']) {
        await store.deploymentGroups.create({
          applicationName: app, deploymentGroupName: 'g', deploymentConfigName: 'CodeDeployDefault.OneAtATime', settings: SETTINGS, tags: [{ Key: 'b', Value: '2' }],
        });
      }
      await store.db.insertInto('deployments').values({
        deployment_id: 'd-BBBBBBBBB', application_name: 'web', deployment_group_name: 'g', status: 'Failed', create_time: 1, complete_time: 2, body: '{}', version: 0,
      }).execute();
      assert.equal(await store.applications.delete('web'), true);
      assert.equal(await store.applications.delete('web'), false);
      assert.equal(await store.deploymentGroups.find('web', 'g'), undefined);
      assert.ok(await store.deploymentGroups.find('web_x', 'g'));
      assert.deepEqual(await store.resourceTags.list('deploymentgroup:web/g'), []);
      assert.deepEqual(await store.resourceTags.list('deploymentgroup:web_x/g'), [{ Key: 'b', Value: '2' }]);
      const history = await store.db.selectFrom('deployments').select('deployment_id').execute();
      assert.deepEqual(history, [{ deployment_id: 'd-BBBBBBBBB' }]);
    });
  });
}
