import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  BatchGetApplicationRevisionsCommand, CreateApplicationCommand, GetApplicationRevisionCommand,
  ListApplicationRevisionsCommand, RegisterApplicationRevisionCommand, type CodeDeployClient,
  type ListApplicationRevisionsCommandInput, type RevisionLocation,
} from '@aws-sdk/client-codedeploy';
import { DIALECTS } from '../support/dialects.ts';
import { startTestApi, type TestApi } from '../support/in-process-server.ts';

function s3(key: string, bucket = 'releases'): RevisionLocation {
  return { revisionType: 'S3', s3Location: { bucket, key, bundleType: 'zip' } };
}

const GITHUB: RevisionLocation = { revisionType: 'GitHub', gitHubLocation: { repository: 'owner/repo', commitId: '0123abcd' } };

for (const dialect of DIALECTS) {
  describe(`application revisions on ${dialect}`, () => {
    let api: TestApi;
    let client: CodeDeployClient;
    before(async () => {
      api = await startTestApi(dialect);
      client = api.client;
      for (const applicationName of ['web', 'lists', 'paged', 'batch']) {
        await client.send(new CreateApplicationCommand({ applicationName }));
      }
    });
    after(() => api.close());

    const register = (applicationName: string | undefined, revision: RevisionLocation | undefined, description?: string) =>
      client.send(new RegisterApplicationRevisionCommand({ applicationName, revision, description }));
    const get = (applicationName: string, revision: RevisionLocation | undefined) =>
      client.send(new GetApplicationRevisionCommand({ applicationName, revision }));
    const list = (input: ListApplicationRevisionsCommandInput) => client.send(new ListApplicationRevisionsCommand(input));

    it('registers a revision and gets it back with its description and register time', async () => {
      const before = Date.now();
      await register('web', s3('web/v1.zip'), 'first build');
      const out = await get('web', s3('web/v1.zip'));
      assert.equal(out.applicationName, 'web');
      assert.deepEqual(out.revision, s3('web/v1.zip'));
      assert.equal(out.revisionInfo?.description, 'first build');
      assert.deepEqual(out.revisionInfo?.deploymentGroups, []);
      assert.ok(out.revisionInfo!.registerTime!.getTime() >= before - 1000);
      assert.equal(out.revisionInfo?.firstUsedTime, undefined);
      assert.equal(out.revisionInfo?.lastUsedTime, undefined);
    });

    it('updates the description when a revision is registered again', async () => {
      await register('web', GITHUB, 'old');
      const first = await get('web', GITHUB);
      await register('web', GITHUB, 'new');
      const second = await get('web', GITHUB);
      assert.equal(second.revisionInfo?.description, 'new');
      assert.deepEqual(second.revisionInfo?.registerTime, first.revisionInfo?.registerTime);
    });

    it('registers every revision type, inferring a missing type and filling in inline hashes', async () => {
      await register('web', { appSpecContent: { content: 'version: 0.0' } });
      const inline = await get('web', { revisionType: 'AppSpecContent', appSpecContent: { content: 'version: 0.0' } });
      assert.equal(inline.revision?.revisionType, 'AppSpecContent');
      assert.match(inline.revision!.appSpecContent!.sha256!, /^[0-9a-f]{64}$/);
      await register('web', { revisionType: 'String', string: { content: '{"version":0.0}' } });
      await get('web', { string: { content: '{"version":0.0}' } });
    });

    it('reports when a deployment used a revision', async () => {
      await register('web', s3('web/v2.zip'));
      await api.store.revisions.recordUse({ applicationName: 'web', revision: s3('web/v2.zip'), deploymentGroupName: 'prod', time: 1_700_000_000_000 });
      await api.store.revisions.recordUse({ applicationName: 'web', revision: s3('web/v2.zip'), deploymentGroupName: 'canary', time: 1_700_000_060_000 });
      const { revisionInfo } = await get('web', s3('web/v2.zip'));
      assert.deepEqual(revisionInfo?.deploymentGroups, ['prod', 'canary']);
      assert.deepEqual(revisionInfo?.firstUsedTime, new Date(1_700_000_000_000));
      assert.deepEqual(revisionInfo?.lastUsedTime, new Date(1_700_000_060_000));
    });

    it('refuses missing and malformed revisions', async () => {
      const refusals: [RevisionLocation | undefined, string][] = [
        [undefined, 'RevisionRequiredException'],
        [{}, 'RevisionRequiredException'],
        [{ revisionType: 'S3', s3Location: { bucket: 'b', bundleType: 'zip' } }, 'InvalidRevisionException'],
        [{ revisionType: 'S3', s3Location: { bucket: 'b', key: 'k' } }, 'InvalidRevisionException'],
        [{ revisionType: 'S3', s3Location: { bucket: 'b', key: 'k', bundleType: 'rar' as never } }, 'InvalidRevisionException'],
        [{ revisionType: 'GitHub', gitHubLocation: { repository: 'owner/repo' } }, 'InvalidRevisionException'],
        [{ revisionType: 'AppSpecContent', appSpecContent: {} }, 'InvalidRevisionException'],
        [{ revisionType: 'GitHub', s3Location: { bucket: 'b', key: 'k', bundleType: 'zip' } }, 'InvalidRevisionException'],
      ];
      for (const [revision, name] of refusals) {
        await assert.rejects(register('web', revision), { name }, JSON.stringify(revision));
        await assert.rejects(get('web', revision), { name }, JSON.stringify(revision));
      }
    });

    it('refuses bad application names, unknown applications and long descriptions', async () => {
      await assert.rejects(register(undefined, s3('k')), { name: 'ApplicationNameRequiredException' });
      await assert.rejects(register('', s3('k')), { name: 'InvalidApplicationNameException' });
      await assert.rejects(register('bad name', s3('k')), { name: 'InvalidApplicationNameException' });
      await assert.rejects(register('nope', s3('k')), { name: 'ApplicationDoesNotExistException' });
      await assert.rejects(get('nope', s3('k')), { name: 'ApplicationDoesNotExistException' });
      await assert.rejects(list({ applicationName: 'nope' }), { name: 'ApplicationDoesNotExistException' });
      await assert.rejects(client.send(new BatchGetApplicationRevisionsCommand({ applicationName: 'nope', revisions: [s3('k')] })),
        { name: 'ApplicationDoesNotExistException' });
      await assert.rejects(register('web', s3('long'), 'd'.repeat(257)), { name: 'DescriptionTooLongException' });
      await register('web', s3('long'), 'd'.repeat(256));
    });

    it('refuses revisions the application has not registered', async () => {
      await assert.rejects(get('web', s3('never.zip')), { name: 'RevisionDoesNotExistException' });
      await assert.rejects(get('lists', s3('web/v1.zip')), { name: 'RevisionDoesNotExistException' });
    });

    it('lets a deployer register revisions', async () => {
      const deployer = await api.clientAs('deployer');
      await deployer.send(new RegisterApplicationRevisionCommand({ applicationName: 'web', revision: s3('by-deployer.zip') }));
      await get('web', s3('by-deployer.zip'));
    });

    it('batch-gets up to 25 revisions and names the unknown ones', async () => {
      await register('batch', s3('a.zip'), 'A');
      await register('batch', GITHUB);
      const out = await client.send(new BatchGetApplicationRevisionsCommand({ applicationName: 'batch', revisions: [GITHUB, s3('missing.zip'), s3('a.zip')] }));
      assert.equal(out.applicationName, 'batch');
      assert.deepEqual(out.revisions?.map((r) => r.revisionLocation), [GITHUB, s3('a.zip')]);
      assert.equal(out.revisions?.[1]?.genericRevisionInfo?.description, 'A');
      assert.match(out.errorMessage!, /missing\.zip/);
      const full = await client.send(new BatchGetApplicationRevisionsCommand({ applicationName: 'batch', revisions: [s3('a.zip')] }));
      assert.equal(full.errorMessage, undefined);
    });

    it('refuses empty, oversized and malformed batches', async () => {
      const batch = (revisions: RevisionLocation[]) => client.send(new BatchGetApplicationRevisionsCommand({ applicationName: 'batch', revisions }));
      await assert.rejects(batch([]), { name: 'RevisionRequiredException' });
      await assert.rejects(batch(Array.from({ length: 26 }, (_, i) => s3(`${i}.zip`))), { name: 'BatchLimitExceededException' });
      await batch(Array.from({ length: 25 }, (_, i) => s3(`${i}.zip`)));
      await assert.rejects(batch([{ revisionType: 'S3', s3Location: { bucket: 'b' } }]), { name: 'InvalidRevisionException' });
    });

    it('lists with sorting, deployed-state and S3 filters', async () => {
      const app = 'lists';
      await register(app, s3('app/v1.zip'));
      await register(app, s3('app/v2.zip'));
      await register(app, s3('other/v1.zip'));
      await register(app, s3('app/v3.zip', 'elsewhere'));
      await register(app, GITHUB);
      await api.store.revisions.recordUse({ applicationName: app, revision: s3('app/v2.zip'), deploymentGroupName: 'g', time: 2_000 });
      await api.store.revisions.recordUse({ applicationName: app, revision: GITHUB, deploymentGroupName: 'g', time: 1_000 });
      const keys = async (input: Omit<ListApplicationRevisionsCommandInput, 'applicationName'>) =>
        (await list({ applicationName: app, ...input })).revisions?.map((r) => r.s3Location?.key ?? r.gitHubLocation?.commitId);

      assert.deepEqual(await keys({ deployed: 'include', sortBy: 'firstUsedTime' }), ['0123abcd', 'app/v2.zip']);
      assert.deepEqual(await keys({ deployed: 'include', sortBy: 'lastUsedTime', sortOrder: 'descending' }), ['app/v2.zip', '0123abcd']);
      assert.deepEqual((await keys({ deployed: 'exclude' }))?.sort(), ['app/v1.zip', 'app/v3.zip', 'other/v1.zip']);
      assert.equal((await keys({ deployed: 'ignore' }))?.length, 5);
      assert.equal((await keys({}))?.length, 5);
      assert.deepEqual((await keys({ s3Bucket: 'releases' }))?.sort(), ['app/v1.zip', 'app/v2.zip', 'other/v1.zip']);
      assert.deepEqual((await keys({ s3Bucket: 'releases', s3KeyPrefix: 'app/' }))?.sort(), ['app/v1.zip', 'app/v2.zip']);
      assert.deepEqual(await keys({ s3Bucket: 'releases', s3KeyPrefix: 'app/', deployed: 'exclude' }), ['app/v1.zip']);
      assert.deepEqual(await keys({ s3Bucket: 'elsewhere' }), ['app/v3.zip']);
    });

    it('refuses malformed list filters', async () => {
      await assert.rejects(list({ applicationName: 'lists', s3KeyPrefix: 'app/' }), { name: 'BucketNameFilterRequiredException' });
      await assert.rejects(list({ applicationName: 'lists', s3Bucket: '' }), { name: 'InvalidBucketNameFilterException' });
      await assert.rejects(list({ applicationName: 'lists', sortBy: 'name' as never }), { name: 'InvalidSortByException' });
      await assert.rejects(list({ applicationName: 'lists', sortOrder: 'up' as never }), { name: 'InvalidSortOrderException' });
      await assert.rejects(list({ applicationName: 'lists', deployed: 'maybe' as never }), { name: 'InvalidDeployedStateFilterException' });
      await assert.rejects(list({ applicationName: 'lists', nextToken: 'garbage' }), { name: 'InvalidNextTokenException' });
      await assert.rejects(list({ applicationName: undefined }), { name: 'ApplicationNameRequiredException' });
    });

    it('pages through more than 100 revisions in both orders', async () => {
      for (let i = 0; i < 103; i++) await register('paged', s3(`v${String(i).padStart(3, '0')}.zip`));
      for (const sortOrder of ['ascending', 'descending'] as const) {
        const first = await list({ applicationName: 'paged', sortBy: 'registerTime', sortOrder });
        assert.equal(first.revisions?.length, 100);
        assert.ok(first.nextToken);
        const second = await list({ applicationName: 'paged', sortBy: 'registerTime', sortOrder, nextToken: first.nextToken });
        assert.equal(second.revisions?.length, 3);
        assert.equal(second.nextToken, undefined);
        const all = [...first.revisions!, ...second.revisions!].map((r) => r.s3Location!.key!);
        assert.equal(new Set(all).size, 103);
      }
    });
  });
}
