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
  const opened = await openTestStore(dialect);
  t.after(() => opened.close());
  await opened.store.applications.create({ applicationName: 'web', computePlatform: 'Server' });
  return opened.store;
}

function group(name: string, settings: Partial<DeploymentGroupSettings> = {}) {
  return { applicationName: 'web', deploymentGroupName: name, deploymentConfigName: 'CodeDeployDefault.OneAtATime', settings: { ...SETTINGS, ...settings } };
}

for (const dialect of DIALECTS) {
  describe(`DeploymentGroupStore on ${dialect}`, () => {
    it('creates a group of an existing application and reads it back with defaults and platform', async (t) => {
      const store = await storeFor(t, dialect);
      assert.deepEqual(await store.deploymentGroups.create({ ...group('g'), applicationName: 'nope' }), { result: 'no-application' });
      const created = await store.deploymentGroups.create({ ...group('g', { autoScalingGroups: ['asg'] }), tags: [{ Key: 'k', Value: 'v' }] });
      assert.equal(created.result, 'created');
      const info = await store.deploymentGroups.get('web', 'g');
      assert.equal(info?.deploymentGroupId, created.result === 'created' ? created.deploymentGroupId : '');
      assert.equal(info?.computePlatform, 'Server');
      assert.deepEqual(info?.autoScalingGroups, [{ name: 'asg' }]);
      assert.deepEqual(info?.ec2TagFilters, []);
      assert.equal(info?.lastAttemptedDeployment, undefined);
      assert.deepEqual((await store.deploymentGroups.find('web', 'g'))?.settings.autoScalingGroups, ['asg']);
      assert.deepEqual(await store.resourceTags.list('deploymentgroup:web/g'), [{ Key: 'k', Value: 'v' }]);
      assert.equal(await store.deploymentGroups.get('web', 'G'), undefined);
    });

    it('reports a taken name, also when two creates race', async (t) => {
      const store = await storeFor(t, dialect);
      const results = await Promise.all([1, 2].map(() => store.deploymentGroups.create(group('g'))));
      assert.deepEqual(results.map((r) => r.result).sort(), ['created', 'exists']);
    });

    it('updates settings and config in place', async (t) => {
      const store = await storeFor(t, dialect);
      await store.deploymentGroups.create(group('g'));
      const result = await store.deploymentGroups.update('g', { ...group('g', { outdatedInstancesStrategy: 'IGNORE' }), deploymentConfigName: 'CodeDeployDefault.AllAtOnce' });
      assert.equal(result, 'updated');
      const info = await store.deploymentGroups.get('web', 'g');
      assert.equal(info?.outdatedInstancesStrategy, 'IGNORE');
      assert.equal(info?.deploymentConfigName, 'CodeDeployDefault.AllAtOnce');
    });

    it('renames a group with its deployments and tags, unless the name is taken or the group is gone', async (t) => {
      const store = await storeFor(t, dialect);
      await store.deploymentGroups.create({ ...group('g'), tags: [{ Key: 'k', Value: 'v' }] });
      await store.deploymentGroups.create(group('taken'));
      await store.db.insertInto('deployments').values({
        deployment_id: 'd-CCCCCCCCC', application_name: 'web', deployment_group_name: 'g', status: 'Stopped', create_time: 7, complete_time: 9, body: '{}', version: 0,
      }).execute();
      assert.equal(await store.deploymentGroups.update('g', group('taken')), 'exists');
      assert.equal(await store.deploymentGroups.update('missing', group('x')), 'missing');
      assert.equal(await store.deploymentGroups.update('g', group('renamed')), 'updated');
      assert.equal(await store.deploymentGroups.find('web', 'g'), undefined);
      const info = await store.deploymentGroups.get('web', 'renamed');
      assert.deepEqual(info?.lastAttemptedDeployment, { deploymentId: 'd-CCCCCCCCC', status: 'Stopped', createTime: new Date(7), endTime: new Date(9) });
      assert.equal(info?.lastSuccessfulDeployment, undefined);
      assert.equal(info?.targetRevision, undefined);
      assert.deepEqual(await store.resourceTags.list('deploymentgroup:web/renamed'), [{ Key: 'k', Value: 'v' }]);
    });

    it('lists names per application in pages and deletes groups with their tags', async (t) => {
      const store = await storeFor(t, dialect);
      await store.applications.create({ applicationName: 'other', computePlatform: 'Server' });
      for (const name of ['c', 'a', 'b']) await store.deploymentGroups.create({ ...group(name), tags: [{ Key: 'k', Value: name }] });
      await store.deploymentGroups.create({ ...group('z'), applicationName: 'other' });
      assert.deepEqual(await store.deploymentGroups.listNames('web', { limit: 2 }), ['a', 'b']);
      assert.deepEqual(await store.deploymentGroups.listNames('web', { after: 'b', limit: 2 }), ['c']);
      assert.equal(await store.deploymentGroups.delete('web', 'b'), true);
      assert.equal(await store.deploymentGroups.delete('web', 'b'), false);
      assert.deepEqual(await store.deploymentGroups.listNames('web', { limit: 10 }), ['a', 'c']);
      assert.deepEqual(await store.resourceTags.list('deploymentgroup:web/b'), []);
      assert.deepEqual(await store.resourceTags.list('deploymentgroup:web/a'), [{ Key: 'k', Value: 'a' }]);
    });
  });
}
