import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateApplicationCommand, CreateDeploymentConfigCommand, CreateDeploymentGroupCommand, ListTagsForResourceCommand,
  TagResourceCommand, UntagResourceCommand, type Tag,
} from '@aws-sdk/client-codedeploy';
import { DIALECTS } from '../support/dialects.ts';
import { startTestApi, type TestApi } from '../support/in-process-server.ts';

const ROLE = 'arn:aws:iam::123456789012:role/CodeDeployServiceRole';
const APP_ARN = 'arn:aws:codedeploy:us-east-1:123456789012:application:web';
/** Terraform's provider sends ARNs without an account when it skips the account lookup. */
const APP_ARN_NO_ACCOUNT = 'arn:aws:codedeploy:us-east-1::application:web';
const GROUP_ARN = 'arn:aws:codedeploy:us-east-1:123456789012:deploymentgroup:web/prod';
const CONFIG_ARN = 'arn:aws:codedeploy:us-east-1:123456789012:deploymentconfig:custom';

async function tagsOf(api: TestApi, ResourceArn: string): Promise<Tag[]> {
  return (await api.client.send(new ListTagsForResourceCommand({ ResourceArn }))).Tags!;
}

function tag(api: TestApi, ResourceArn: string, Tags: Tag[]) {
  return api.client.send(new TagResourceCommand({ ResourceArn, Tags }));
}

async function seed(api: TestApi): Promise<void> {
  await api.client.send(new CreateApplicationCommand({ applicationName: 'web' }));
  await api.client.send(new CreateDeploymentGroupCommand({ applicationName: 'web', deploymentGroupName: 'prod', serviceRoleArn: ROLE }));
  await api.client.send(new CreateDeploymentConfigCommand({ deploymentConfigName: 'custom', minimumHealthyHosts: { type: 'HOST_COUNT', value: 1 } }));
}

for (const dialect of DIALECTS) {
  describe(`resource tags on ${dialect}`, () => {
    it('tags, retags and untags an application whatever the ARN says about region and account', async (t) => {
      const api = await startTestApi(dialect);
      t.after(() => api.close());
      await seed(api);
      await tag(api, APP_ARN, [{ Key: 'team', Value: 'web' }, { Key: 'cost', Value: '1' }]);
      assert.deepEqual(await tagsOf(api, APP_ARN_NO_ACCOUNT), [{ Key: 'cost', Value: '1' }, { Key: 'team', Value: 'web' }]);
      await tag(api, APP_ARN_NO_ACCOUNT, [{ Key: 'team', Value: 'platform' }, { Key: 'empty' }]);
      assert.deepEqual(await tagsOf(api, 'arn:aws:codedeploy:eu-west-1:123456789012:application:web'),
        [{ Key: 'cost', Value: '1' }, { Key: 'empty', Value: '' }, { Key: 'team', Value: 'platform' }]);
      await api.client.send(new UntagResourceCommand({ ResourceArn: APP_ARN, TagKeys: ['cost', 'not-there'] }));
      assert.deepEqual(await tagsOf(api, APP_ARN), [{ Key: 'empty', Value: '' }, { Key: 'team', Value: 'platform' }]);
    });

    it('tags deployment groups and deployment configs, predefined ones included', async (t) => {
      const api = await startTestApi(dialect);
      t.after(() => api.close());
      await seed(api);
      await tag(api, GROUP_ARN, [{ Key: 'tier', Value: 'front' }]);
      await tag(api, CONFIG_ARN, [{ Key: 'owner', Value: 'ops' }]);
      const predefined = 'arn:aws:codedeploy:us-east-1:123456789012:deploymentconfig:CodeDeployDefault.OneAtATime';
      await tag(api, predefined, [{ Key: 'x', Value: 'y' }]);
      assert.deepEqual(await tagsOf(api, GROUP_ARN), [{ Key: 'tier', Value: 'front' }]);
      assert.deepEqual(await tagsOf(api, CONFIG_ARN), [{ Key: 'owner', Value: 'ops' }]);
      assert.deepEqual(await tagsOf(api, predefined), [{ Key: 'x', Value: 'y' }]);
      assert.deepEqual(await tagsOf(api, APP_ARN), []);
    });

    it('refuses malformed and unsupported ARNs and resources that do not exist', async (t) => {
      const api = await startTestApi(dialect);
      t.after(() => api.close());
      await seed(api);
      const tags = [{ Key: 'k', Value: 'v' }];
      await assert.rejects(tag(api, 'not-an-arn', tags), { name: 'InvalidArnException' });
      await assert.rejects(tag(api, 'arn:aws:codedeploy:us-east-1:123456789012:deploymentgroup:web', tags), { name: 'InvalidArnException' });
      await assert.rejects(tag(api, 'arn:aws:s3:::bucket/key', tags), { name: 'ArnNotSupportedException' });
      await assert.rejects(tag(api, 'arn:aws:codedeploy:us-east-1:123456789012:deployment:d-ABCDEFGHI', tags), { name: 'ArnNotSupportedException' });
      await assert.rejects(tag(api, 'arn:aws:codedeploy:us-east-1:123456789012:application:nope', tags), { name: 'ApplicationDoesNotExistException' });
      await assert.rejects(tag(api, 'arn:aws:codedeploy:us-east-1:123456789012:deploymentgroup:web/nope', tags),
        { name: 'DeploymentGroupDoesNotExistException' });
      await assert.rejects(tag(api, 'arn:aws:codedeploy:us-east-1:123456789012:deploymentgroup:nope/prod', tags),
        { name: 'ApplicationDoesNotExistException' });
      await assert.rejects(tag(api, 'arn:aws:codedeploy:us-east-1:123456789012:deploymentconfig:nope', tags),
        { name: 'DeploymentConfigDoesNotExistException' });
      await assert.rejects(api.client.send(new UntagResourceCommand({ ResourceArn: 'arn:aws:codedeploy:us-east-1:123456789012:application:nope', TagKeys: ['k'] })),
        { name: 'ApplicationDoesNotExistException' });
      await assert.rejects(api.client.send(new ListTagsForResourceCommand({ ResourceArn: 'arn:aws:sqs:us-east-1:123456789012:q' })),
        { name: 'ArnNotSupportedException' });
      await assert.rejects(api.client.send(new ListTagsForResourceCommand({ ResourceArn: 'nonsense' })), { name: 'InvalidArnException' });
      await assert.rejects(api.client.send(new ListTagsForResourceCommand({} as never)), { name: 'ResourceArnRequiredException' });
      // The operation lists no does-not-exist error: a missing resource has no tags.
      assert.deepEqual(await tagsOf(api, 'arn:aws:codedeploy:us-east-1:123456789012:application:nope'), []);
    });

    it('refuses empty tag lists, oversized keys and values, and more than 50 tags', async (t) => {
      const api = await startTestApi(dialect);
      t.after(() => api.close());
      await seed(api);
      await assert.rejects(tag(api, APP_ARN, []), { name: 'TagRequiredException' });
      await assert.rejects(api.client.send(new TagResourceCommand({ ResourceArn: APP_ARN } as never)), { name: 'TagRequiredException' });
      await assert.rejects(api.client.send(new UntagResourceCommand({ ResourceArn: APP_ARN, TagKeys: [] })), { name: 'TagRequiredException' });
      await assert.rejects(api.client.send(new TagResourceCommand({ Tags: [{ Key: 'k', Value: 'v' }] } as never)), { name: 'ResourceArnRequiredException' });
      await assert.rejects(tag(api, APP_ARN, [{ Key: 'k'.repeat(129), Value: 'v' }]), { name: 'InvalidTagsToAddException' });
      await assert.rejects(tag(api, APP_ARN, [{ Key: '', Value: 'v' }]), { name: 'InvalidTagsToAddException' });
      await assert.rejects(tag(api, APP_ARN, [{ Key: 'k', Value: 'v'.repeat(257) }]), { name: 'InvalidTagsToAddException' });
      await tag(api, APP_ARN, [{ Key: 'k'.repeat(128), Value: 'v'.repeat(256) }]);
      await tag(api, APP_ARN, Array.from({ length: 49 }, (_, i) => ({ Key: `t${i}`, Value: `${i}` })));
      await assert.rejects(tag(api, APP_ARN, [{ Key: 'one-too-many', Value: 'x' }]), { name: 'InvalidTagsToAddException' });
      // Overwriting an existing key does not add a tag.
      await tag(api, APP_ARN, [{ Key: 't0', Value: 'changed' }]);
      const tags = await tagsOf(api, APP_ARN);
      assert.equal(tags.length, 50);
      assert.equal(tags.find((t) => t.Key === 't0')?.Value, 'changed');
    });
  });
}
