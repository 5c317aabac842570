import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BatchGetApplicationsCommand, CreateApplicationCommand, CreateDeploymentGroupCommand, DeleteApplicationCommand,
  GetApplicationCommand, GetDeploymentGroupCommand, ListApplicationsCommand, ListDeploymentGroupsCommand,
  ListTagsForResourceCommand, UpdateApplicationCommand,
} from '@aws-sdk/client-codedeploy';
import { DIALECTS } from '../support/dialects.ts';
import { startTestApi } from '../support/in-process-server.ts';

const ROLE = 'arn:aws:iam::123456789012:role/CodeDeployServiceRole';

for (const dialect of DIALECTS) {
  describe(`applications on ${dialect}`, () => {
    it('creates, gets, renames and deletes an application', async (t) => {
      const api = await startTestApi(dialect);
      t.after(() => api.close());
      const before = Date.now();
      const { applicationId } = await api.client.send(new CreateApplicationCommand({ applicationName: 'web' }));
      assert.match(applicationId!, /^[0-9a-f-]{36}$/);

      const { application } = await api.client.send(new GetApplicationCommand({ applicationName: 'web' }));
      assert.equal(application?.applicationId, applicationId);
      assert.equal(application?.applicationName, 'web');
      assert.equal(application?.computePlatform, 'Server');
      assert.equal(application?.linkedToGitHub, false);
      assert.ok(application!.createTime!.getTime() >= before - 1000);

      await api.client.send(new UpdateApplicationCommand({ applicationName: 'web', newApplicationName: 'site' }));
      await assert.rejects(api.client.send(new GetApplicationCommand({ applicationName: 'web' })), { name: 'ApplicationDoesNotExistException' });
      const renamed = await api.client.send(new GetApplicationCommand({ applicationName: 'site' }));
      assert.equal(renamed.application?.applicationId, applicationId);

      await api.client.send(new DeleteApplicationCommand({ applicationName: 'site' }));
      await assert.rejects(api.client.send(new GetApplicationCommand({ applicationName: 'site' })), { name: 'ApplicationDoesNotExistException' });
      // Deleting again is a success, as on AWS.
      await api.client.send(new DeleteApplicationCommand({ applicationName: 'site' }));
    });

    it('keeps the compute platform and tags given at creation', async (t) => {
      const api = await startTestApi(dialect);
      t.after(() => api.close());
      await api.client.send(new CreateApplicationCommand({
        applicationName: 'fn', computePlatform: 'Lambda', tags: [{ Key: 'team', Value: 'core' }, { Key: 'empty' }],
      }));
      const { application } = await api.client.send(new GetApplicationCommand({ applicationName: 'fn' }));
      assert.equal(application?.computePlatform, 'Lambda');
      const { Tags } = await api.client.send(new ListTagsForResourceCommand({
        ResourceArn: 'arn:aws:codedeploy:us-east-1:123456789012:application:fn',
      }));
      assert.deepEqual(Tags, [{ Key: 'empty', Value: '' }, { Key: 'team', Value: 'core' }]);
    });

    it('refuses missing, malformed, unicode and duplicate names with the AWS errors', async (t) => {
      const api = await startTestApi(dialect);
      t.after(() => api.close());
      const create = (applicationName: string | undefined) => api.client.send(new CreateApplicationCommand({ applicationName }));
      await assert.rejects(create(undefined), { name: 'ApplicationNameRequiredException' });
      await assert.rejects(create('has space'), { name: 'InvalidApplicationNameException' });
      await assert.rejects(create('caf\u00e9'), { name: 'InvalidApplicationNameException' });
      await assert.rejects(create('x'.repeat(101)), { name: 'InvalidApplicationNameException' });
      await create('x'.repeat(100));
      await create('ok+=,.@_-Name1');
      await assert.rejects(create('ok+=,.@_-Name1'), { name: 'ApplicationAlreadyExistsException' });
      await assert.rejects(api.client.send(new CreateApplicationCommand({ applicationName: 'tagged', tags: [{ Key: '', Value: 'v' }] })),
        { name: 'InvalidTagsToAddException' });
      await assert.rejects(api.client.send(new GetApplicationCommand({ applicationName: 'tagged' })), { name: 'ApplicationDoesNotExistException' });
      const { applications } = await api.client.send(new ListApplicationsCommand({}));
      assert.deepEqual(applications, ['ok+=,.@_-Name1', 'x'.repeat(100)]);
    });

    it('refuses renames of missing applications and onto taken names', async (t) => {
      const api = await startTestApi(dialect);
      t.after(() => api.close());
      await api.client.send(new CreateApplicationCommand({ applicationName: 'a' }));
      await api.client.send(new CreateApplicationCommand({ applicationName: 'b' }));
      await assert.rejects(api.client.send(new UpdateApplicationCommand({ applicationName: 'zz', newApplicationName: 'c' })),
        { name: 'ApplicationDoesNotExistException' });
      await assert.rejects(api.client.send(new UpdateApplicationCommand({ applicationName: 'a', newApplicationName: 'b' })),
        { name: 'ApplicationAlreadyExistsException' });
      await assert.rejects(api.client.send(new UpdateApplicationCommand({ newApplicationName: 'c' })),
        { name: 'ApplicationNameRequiredException' });
      await assert.rejects(api.client.send(new UpdateApplicationCommand({ applicationName: 'a', newApplicationName: 'bad name' })),
        { name: 'InvalidApplicationNameException' });
      await assert.rejects(api.client.send(new UpdateApplicationCommand({ applicationName: 'a', newApplicationName: 'n'.repeat(101) })),
        { name: 'InvalidApplicationNameException' });
      await api.client.send(new UpdateApplicationCommand({ applicationName: 'a', newApplicationName: 'a' }));
    });

    it('carries deployment groups and their tags along when an application is renamed', async (t) => {
      const api = await startTestApi(dialect);
      t.after(() => api.close());
      await api.client.send(new CreateApplicationCommand({ applicationName: 'old' }));
      await api.client.send(new CreateDeploymentGroupCommand({
        applicationName: 'old', deploymentGroupName: 'prod', serviceRoleArn: ROLE, tags: [{ Key: 'k', Value: 'v' }],
      }));
      await api.client.send(new UpdateApplicationCommand({ applicationName: 'old', newApplicationName: 'new' }));
      const { deploymentGroupInfo } = await api.client.send(new GetDeploymentGroupCommand({ applicationName: 'new', deploymentGroupName: 'prod' }));
      assert.equal(deploymentGroupInfo?.applicationName, 'new');
      const { Tags } = await api.client.send(new ListTagsForResourceCommand({
        ResourceArn: 'arn:aws:codedeploy:us-east-1:123456789012:deploymentgroup:new/prod',
      }));
      assert.deepEqual(Tags, [{ Key: 'k', Value: 'v' }]);
      await assert.rejects(api.client.send(new ListDeploymentGroupsCommand({ applicationName: 'old' })), { name: 'ApplicationDoesNotExistException' });
    });

    it('deletes an application with its deployment groups and tags', async (t) => {
      const api = await startTestApi(dialect);
      t.after(() => api.close());
      await api.client.send(new CreateApplicationCommand({ applicationName: 'gone', tags: [{ Key: 'a', Value: '1' }] }));
      await api.client.send(new CreateDeploymentGroupCommand({
        applicationName: 'gone', deploymentGroupName: 'g', serviceRoleArn: ROLE, tags: [{ Key: 'b', Value: '2' }],
      }));
      await api.client.send(new DeleteApplicationCommand({ applicationName: 'gone' }));
      await api.client.send(new CreateApplicationCommand({ applicationName: 'gone' }));
      const { deploymentGroups } = await api.client.send(new ListDeploymentGroupsCommand({ applicationName: 'gone' }));
      assert.deepEqual(deploymentGroups, []);
      for (const arn of ['application:gone', 'deploymentgroup:gone/g']) {
        const { Tags } = await api.client.send(new ListTagsForResourceCommand({ ResourceArn: `arn:aws:codedeploy:us-east-1:123456789012:${arn}` }));
        assert.deepEqual(Tags, []);
      }
    });

    it('lists applications sorted by name over several pages', async (t) => {
      const api = await startTestApi(dialect);
      t.after(() => api.close());
      const names = Array.from({ length: 205 }, (_, i) => `app-${String(i).padStart(3, '0')}`);
      for (const applicationName of names) {
        await api.store.applications.create({ applicationName, computePlatform: 'Server' });
      }
      const seen: string[] = [];
      let nextToken: string | undefined;
      let pages = 0;
      do {
        const out = await api.client.send(new ListApplicationsCommand({ nextToken }));
        seen.push(...out.applications!);
        nextToken = out.nextToken;
        pages++;
      } while (nextToken);
      assert.equal(pages, 3);
      assert.deepEqual(seen, names);
      await assert.rejects(api.client.send(new ListApplicationsCommand({ nextToken: 'not-a-token' })), { name: 'InvalidNextTokenException' });
    });

    it('batch-gets applications in the order asked and fails on an unknown name or more than 100 names', async (t) => {
      const api = await startTestApi(dialect);
      t.after(() => api.close());
      await api.client.send(new CreateApplicationCommand({ applicationName: 'one' }));
      await api.client.send(new CreateApplicationCommand({ applicationName: 'two', computePlatform: 'ECS' }));
      const out = await api.client.send(new BatchGetApplicationsCommand({ applicationNames: ['two', 'one', 'two'] }));
      assert.deepEqual(out.applicationsInfo?.map((a) => [a.applicationName, a.computePlatform]), [['two', 'ECS'], ['one', 'Server']]);
      const empty = await api.client.send(new BatchGetApplicationsCommand({ applicationNames: [] }));
      assert.deepEqual(empty.applicationsInfo, []);
      await assert.rejects(api.client.send(new BatchGetApplicationsCommand({ applicationNames: ['one', 'nope'] })),
        { name: 'ApplicationDoesNotExistException' });
      await assert.rejects(api.client.send(new BatchGetApplicationsCommand({ applicationNames: ['bad name'] })),
        { name: 'InvalidApplicationNameException' });
      const many = Array.from({ length: 101 }, (_, i) => `n${i}`);
      await assert.rejects(api.client.send(new BatchGetApplicationsCommand({ applicationNames: many })), { name: 'BatchLimitExceededException' });
      await assert.rejects(api.client.send(new BatchGetApplicationsCommand({} as never)), { name: 'ApplicationNameRequiredException' });
    });

    it('lets readonly keys read applications but not create them', async (t) => {
      const api = await startTestApi(dialect);
      t.after(() => api.close());
      await api.client.send(new CreateApplicationCommand({ applicationName: 'web' }));
      const readonly = await api.clientAs('readonly');
      const { application } = await readonly.send(new GetApplicationCommand({ applicationName: 'web' }));
      assert.equal(application?.applicationName, 'web');
      await assert.rejects(readonly.send(new CreateApplicationCommand({ applicationName: 'x' })), { name: 'AccessDeniedException' });
    });
  });
}
