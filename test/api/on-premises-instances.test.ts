import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AddTagsToOnPremisesInstancesCommand, BatchGetOnPremisesInstancesCommand, DeregisterOnPremisesInstanceCommand,
  GetOnPremisesInstanceCommand, ListOnPremisesInstancesCommand, RegisterOnPremisesInstanceCommand,
  RemoveTagsFromOnPremisesInstancesCommand, type CodeDeployClient, type ListOnPremisesInstancesCommandInput,
  type RegisterOnPremisesInstanceCommandInput, type Tag,
} from '@aws-sdk/client-codedeploy';
import { DIALECTS } from '../support/dialects.ts';
import { startTestApi, type TestApi } from '../support/in-process-server.ts';

const ACCOUNT = '123456789012';
const session = (name: string) => `arn:aws:sts::${ACCOUNT}:assumed-role/CodeDeployInstanceRole/${name}`;
const user = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;

for (const dialect of DIALECTS) {
  describe(`on-premises instances on ${dialect}`, () => {
    let api: TestApi;
    let client: CodeDeployClient;
    before(async () => {
      api = await startTestApi(dialect);
      client = api.client;
    });
    after(() => api.close());

    const registerInstance = (input: RegisterOnPremisesInstanceCommandInput) => client.send(new RegisterOnPremisesInstanceCommand(input));
    const get = (instanceName: string) => client.send(new GetOnPremisesInstanceCommand({ instanceName }));
    const addTags = (instanceNames: string[], tags: Tag[]) => client.send(new AddTagsToOnPremisesInstancesCommand({ instanceNames, tags }));
    const removeTags = (instanceNames: string[], tags: Tag[]) => client.send(new RemoveTagsFromOnPremisesInstancesCommand({ instanceNames, tags }));
    const list = async (input: ListOnPremisesInstancesCommandInput = {}) => (await client.send(new ListOnPremisesInstancesCommand(input)));

    it('registers an instance with a session ARN and gets it back with its ARN and register time', async () => {
      const before = Date.now();
      await registerInstance({ instanceName: 'reg-1', iamSessionArn: session('reg-1') });
      const { instanceInfo } = await get('reg-1');
      assert.equal(instanceInfo?.instanceName, 'reg-1');
      assert.equal(instanceInfo?.iamSessionArn, session('reg-1'));
      assert.equal(instanceInfo?.iamUserArn, undefined);
      assert.match(instanceInfo!.instanceArn!, /^arn:aws:codedeploy:us-east-1:\d{12}:instance\/reg-1$/);
      assert.ok(instanceInfo!.registerTime!.getTime() >= before - 1000);
      assert.equal(instanceInfo?.deregisterTime, undefined);
      assert.deepEqual(instanceInfo?.tags, []);
    });

    it('registers an instance with an IAM user ARN, under a path too', async () => {
      await registerInstance({ instanceName: 'reg-user', iamUserArn: `arn:aws:iam::${ACCOUNT}:user/fleet/reg-user` });
      assert.equal((await get('reg-user')).instanceInfo?.iamUserArn, `arn:aws:iam::${ACCOUNT}:user/fleet/reg-user`);
    });

    it('requires exactly one well-formed IAM ARN', async () => {
      await assert.rejects(registerInstance({ instanceName: 'arn-0' }), { name: 'IamArnRequiredException' });
      await assert.rejects(registerInstance({ instanceName: 'arn-2', iamSessionArn: session('arn-2'), iamUserArn: user('arn-2') }),
        { name: 'MultipleIamArnsProvidedException' });
      await assert.rejects(registerInstance({ instanceName: 'arn-s', iamSessionArn: user('arn-s') }), { name: 'InvalidIamSessionArnException' });
      await assert.rejects(registerInstance({ instanceName: 'arn-u', iamUserArn: session('arn-u') }), { name: 'InvalidIamUserArnException' });
      await assert.rejects(registerInstance({ instanceName: 'arn-x', iamUserArn: 'not-an-arn' }), { name: 'InvalidIamUserArnException' });
    });

    it('refuses missing and malformed instance names', async () => {
      await assert.rejects(registerInstance({ instanceName: undefined, iamSessionArn: session('x') }), { name: 'InstanceNameRequiredException' });
      await assert.rejects(registerInstance({ instanceName: '', iamSessionArn: session('x') }), { name: 'InstanceNameRequiredException' });
      await assert.rejects(registerInstance({ instanceName: 'has space', iamSessionArn: session('x') }), { name: 'InvalidInstanceNameException' });
      await assert.rejects(registerInstance({ instanceName: 'n'.repeat(101), iamSessionArn: session('x') }), { name: 'InvalidInstanceNameException' });
      await assert.rejects(get(''), { name: 'InstanceNameRequiredException' });
      await assert.rejects(get('bad/name'), { name: 'InvalidInstanceNameException' });
    });

    it('lets each name and each IAM ARN back only one registered instance', async () => {
      await registerInstance({ instanceName: 'dup-1', iamSessionArn: session('dup-1') });
      await registerInstance({ instanceName: 'dup-2', iamUserArn: user('dup-2') });
      await assert.rejects(registerInstance({ instanceName: 'dup-1', iamSessionArn: session('other') }), { name: 'InstanceNameAlreadyRegisteredException' });
      await assert.rejects(registerInstance({ instanceName: 'dup-3', iamSessionArn: session('dup-1') }), { name: 'IamSessionArnAlreadyRegisteredException' });
      await assert.rejects(registerInstance({ instanceName: 'dup-3', iamUserArn: user('dup-2') }), { name: 'IamUserArnAlreadyRegisteredException' });
    });

    it('deregisters an instance, keeps its record, refuses its name again but frees its ARN', async () => {
      await registerInstance({ instanceName: 'dereg-1', iamSessionArn: session('dereg-1') });
      await client.send(new DeregisterOnPremisesInstanceCommand({ instanceName: 'dereg-1' }));
      const first = (await get('dereg-1')).instanceInfo!;
      assert.ok(first.deregisterTime instanceof Date);
      await client.send(new DeregisterOnPremisesInstanceCommand({ instanceName: 'dereg-1' }));
      assert.deepEqual((await get('dereg-1')).instanceInfo?.deregisterTime, first.deregisterTime);
      await assert.rejects(registerInstance({ instanceName: 'dereg-1', iamSessionArn: session('new') }), { name: 'InstanceNameAlreadyRegisteredException' });
      await registerInstance({ instanceName: 'dereg-1b', iamSessionArn: session('dereg-1') });
    });

    it('deregisters an unknown instance as a no-op but refuses to get it', async () => {
      await client.send(new DeregisterOnPremisesInstanceCommand({ instanceName: 'never' }));
      await assert.rejects(client.send(new DeregisterOnPremisesInstanceCommand({ instanceName: 'bad name' })), { name: 'InvalidInstanceNameException' });
      await assert.rejects(get('never'), { name: 'InstanceNotRegisteredException' });
    });

    it('batch-gets up to 25 instances and leaves unknown names out', async () => {
      await registerInstance({ instanceName: 'batch-1', iamSessionArn: session('batch-1') });
      await registerInstance({ instanceName: 'batch-2', iamSessionArn: session('batch-2') });
      const { instanceInfos } = await client.send(new BatchGetOnPremisesInstancesCommand({ instanceNames: ['batch-2', 'unknown', 'batch-1'] }));
      assert.deepEqual(instanceInfos?.map((i) => i.instanceName).sort(), ['batch-1', 'batch-2']);
      const names = Array.from({ length: 26 }, (_, i) => `batch-${i}`);
      await assert.rejects(client.send(new BatchGetOnPremisesInstancesCommand({ instanceNames: names })), { name: 'BatchLimitExceededException' });
      await assert.rejects(client.send(new BatchGetOnPremisesInstancesCommand({ instanceNames: [] })), { name: 'InstanceNameRequiredException' });
      await assert.rejects(client.send(new BatchGetOnPremisesInstancesCommand({ instanceNames: ['bad name'] })), { name: 'InvalidInstanceNameException' });
    });

    it('adds tags, overwriting by key, and removes them by key or by key and value', async () => {
      await registerInstance({ instanceName: 'tag-1', iamSessionArn: session('tag-1') });
      await registerInstance({ instanceName: 'tag-2', iamSessionArn: session('tag-2') });
      await addTags(['tag-1', 'tag-2'], [{ Key: 'env', Value: 'prod' }, { Key: 'role', Value: 'web' }, { Key: 'empty' }]);
      await addTags(['tag-1'], [{ Key: 'env', Value: 'staging' }]);
      assert.deepEqual((await get('tag-1')).instanceInfo?.tags,
        [{ Key: 'empty', Value: '' }, { Key: 'env', Value: 'staging' }, { Key: 'role', Value: 'web' }]);
      await removeTags(['tag-1', 'tag-2'], [{ Key: 'env' }, { Key: 'role', Value: 'other' }, { Key: 'absent' }]);
      assert.deepEqual((await get('tag-2')).instanceInfo?.tags, [{ Key: 'empty', Value: '' }, { Key: 'role', Value: 'web' }]);
      await removeTags(['tag-2'], [{ Key: 'role', Value: 'web' }]);
      assert.deepEqual((await get('tag-2')).instanceInfo?.tags, [{ Key: 'empty', Value: '' }]);
    });

    it('limits an instance to 10 tags, all or nothing', async () => {
      await registerInstance({ instanceName: 'limit-1', iamSessionArn: session('limit-1') });
      await registerInstance({ instanceName: 'limit-2', iamSessionArn: session('limit-2') });
      const tags = (from: number, count: number) => Array.from({ length: count }, (_, i) => ({ Key: `k${from + i}`, Value: 'v' }));
      await assert.rejects(addTags(['limit-1'], tags(0, 11)), { name: 'TagLimitExceededException' });
      await addTags(['limit-1'], tags(0, 9));
      await addTags(['limit-1'], tags(0, 10));
      await assert.rejects(addTags(['limit-2', 'limit-1'], tags(10, 1)), { name: 'TagLimitExceededException' });
      assert.deepEqual((await get('limit-2')).instanceInfo?.tags, []);
    });

    it('refuses tag changes for unknown or deregistered instances, without applying any', async () => {
      await registerInstance({ instanceName: 'nr-1', iamSessionArn: session('nr-1') });
      await registerInstance({ instanceName: 'nr-gone', iamSessionArn: session('nr-gone') });
      await client.send(new DeregisterOnPremisesInstanceCommand({ instanceName: 'nr-gone' }));
      await assert.rejects(addTags(['nr-1', 'nr-unknown'], [{ Key: 'k', Value: 'v' }]), { name: 'InstanceNotRegisteredException' });
      await assert.rejects(addTags(['nr-gone'], [{ Key: 'k', Value: 'v' }]), { name: 'InstanceNotRegisteredException' });
      await assert.rejects(removeTags(['nr-unknown'], [{ Key: 'k' }]), { name: 'InstanceNotRegisteredException' });
      assert.deepEqual((await get('nr-1')).instanceInfo?.tags, []);
    });

    it('validates the tags and instance lists of tag changes', async () => {
      await registerInstance({ instanceName: 'tv-1', iamSessionArn: session('tv-1') });
      for (const send of [addTags, removeTags]) {
        await assert.rejects(send(['tv-1'], []), { name: 'TagRequiredException' });
        await assert.rejects(send(['tv-1'], [{ Value: 'v' }]), { name: 'InvalidTagException' });
        await assert.rejects(send(['tv-1'], [{ Key: 'k'.repeat(129), Value: 'v' }]), { name: 'InvalidTagException' });
        await assert.rejects(send(['tv-1'], [{ Key: 'k', Value: 'v'.repeat(257) }]), { name: 'InvalidTagException' });
        await assert.rejects(send([], [{ Key: 'k', Value: 'v' }]), { name: 'InstanceNameRequiredException' });
        await assert.rejects(send(['bad name'], [{ Key: 'k', Value: 'v' }]), { name: 'InvalidInstanceNameException' });
        const many = Array.from({ length: 101 }, (_, i) => `tv-${i}`);
        await assert.rejects(send(many, [{ Key: 'k', Value: 'v' }]), { name: 'InstanceLimitExceededException' });
      }
      await addTags(['tv-1'], [{ Key: 'k'.repeat(128), Value: 'v'.repeat(256) }]);
    });

    it('refuses malformed list filters', async () => {
      await assert.rejects(list({ tagFilters: [{ Type: 'KEY_ONLY' }] }), { name: 'InvalidTagFilterException' });
      await assert.rejects(list({ tagFilters: [{ Key: 'k', Type: 'KEY_AND_VALUE' }] }), { name: 'InvalidTagFilterException' });
      await assert.rejects(list({ registrationStatus: 'Pending' as never }), { name: 'InvalidRegistrationStatusException' });
      await assert.rejects(list({ nextToken: 'garbage' }), { name: 'InvalidNextTokenException' });
    });
  });

  describe(`ListOnPremisesInstances on ${dialect}`, () => {
    let api: TestApi;
    before(async () => {
      api = await startTestApi(dialect);
      const names = Array.from({ length: 105 }, (_, i) => `host-${String(i).padStart(3, '0')}`);
      for (const instanceName of names) {
        await api.client.send(new RegisterOnPremisesInstanceCommand({ instanceName, iamSessionArn: session(instanceName) }));
      }
      await api.client.send(new AddTagsToOnPremisesInstancesCommand({ instanceNames: ['host-001', 'host-104'], tags: [{ Key: 'env', Value: 'prod' }] }));
      await api.client.send(new AddTagsToOnPremisesInstancesCommand({ instanceNames: ['host-002'], tags: [{ Key: 'role', Value: 'db' }] }));
      await api.client.send(new DeregisterOnPremisesInstanceCommand({ instanceName: 'host-104' }));
      await api.client.send(new DeregisterOnPremisesInstanceCommand({ instanceName: 'host-050' }));
    });
    after(() => api.close());
    const list = (input: ListOnPremisesInstancesCommandInput = {}) => api.client.send(new ListOnPremisesInstancesCommand(input));

    it('pages through registered and deregistered instances in name order', async () => {
      const first = await list();
      assert.equal(first.instanceNames?.length, 100);
      assert.equal(first.instanceNames?.[0], 'host-000');
      assert.ok(first.nextToken);
      const second = await list({ nextToken: first.nextToken });
      assert.deepEqual(second.instanceNames, ['host-100', 'host-101', 'host-102', 'host-103', 'host-104']);
      assert.equal(second.nextToken, undefined);
    });

    it('filters by registration status', async () => {
      assert.deepEqual((await list({ registrationStatus: 'Deregistered' })).instanceNames, ['host-050', 'host-104']);
      const registered = await list({ registrationStatus: 'Registered' });
      assert.equal(registered.instanceNames?.length, 100);
      assert.ok(!registered.instanceNames?.includes('host-050'));
      assert.deepEqual((await list({ registrationStatus: 'Registered', nextToken: registered.nextToken })).instanceNames, ['host-101', 'host-102', 'host-103']);
    });

    it('filters by ORed tag filters, alone or with a status', async () => {
      const tagFilters = [{ Key: 'env', Value: 'prod', Type: 'KEY_AND_VALUE' as const }, { Value: 'db', Type: 'VALUE_ONLY' as const }];
      assert.deepEqual((await list({ tagFilters })).instanceNames, ['host-001', 'host-002', 'host-104']);
      assert.deepEqual((await list({ tagFilters, registrationStatus: 'Registered' })).instanceNames, ['host-001', 'host-002']);
      assert.deepEqual((await list({ tagFilters: [{ Key: 'role', Type: 'KEY_ONLY' }] })).instanceNames, ['host-002']);
    });
  });
}
