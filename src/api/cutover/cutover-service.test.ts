import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DeregisterOnPremisesInstanceCommand, RegisterOnPremisesInstanceCommand } from '@aws-sdk/client-codedeploy';
import { ApiError, CutoverClient } from '../../client/cutover-client.ts';
import { callJsonRpc } from '../../client/json-rpc.ts';
import { DIALECTS } from '../../../test/support/dialects.ts';
import { startTestApi, type TestApi } from '../../../test/support/in-process-server.ts';

function cutoverAs(api: TestApi, credentials: { accessKeyId: string; secretAccessKey: string }): CutoverClient {
  return new CutoverClient({ endpoint: api.url, region: 'us-east-1', credentials });
}

async function errorOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    assert.ok(error instanceof ApiError, String(error));
    return error.type;
  }
  assert.fail('expected the call to fail');
}

for (const dialect of DIALECTS) {
  describe(`Cutover extension: GetServerInfo and CreateAgentKey (${dialect})`, () => {
    it('tells any user key the account, region and specification certificate', async (t) => {
      const api = await startTestApi(dialect, { engine: false });
      t.after(() => api.close());
      const readonly = await api.store.accessKeys.create({ role: 'readonly' });
      const info = await cutoverAs(api, readonly).getServerInfo();
      assert.match(info.accountId, /^\d{12}$/);
      assert.equal(info.region, 'us-east-1');
      assert.match(info.specificationCertificate, /^-----BEGIN CERTIFICATE-----\r?\n/);
      const agent = await api.store.accessKeys.create({ role: 'agent', instanceName: 'web-1' });
      assert.equal(await errorOf(cutoverAs(api, agent).getServerInfo()), 'AccessDeniedException');
    });

    it('creates an agent key bound to a registered instance, which can then poll as that host', async (t) => {
      const api = await startTestApi(dialect, { engine: false, pollWaitMs: 50 });
      t.after(() => api.close());
      const hostIdentifier = 'arn:aws:iam::123456789012:user/cutover/web-1';
      await api.client.send(new RegisterOnPremisesInstanceCommand({ instanceName: 'web-1', iamUserArn: hostIdentifier }));
      const key = await cutoverAs(api, api.adminCredentials).createAgentKey('web-1');
      assert.deepEqual({ role: key.role, instanceName: key.instanceName }, { role: 'agent', instanceName: 'web-1' });
      assert.equal((await api.store.accessKeys.findActive(key.accessKeyId))?.instanceName, 'web-1');
      const poll = await callJsonRpc({ endpoint: api.url, credentials: key, service: 'codedeploy-commands', targetPrefix: 'CodeDeployCommandService_v20141006' },
        'PollHostCommand', { HostIdentifier: hostIdentifier });
      assert.equal(poll.status, 200, poll.raw);
    });

    it('refuses unknown, deregistered and invalid instances, and callers that are not admin', async (t) => {
      const api = await startTestApi(dialect, { engine: false });
      t.after(() => api.close());
      const admin = cutoverAs(api, api.adminCredentials);
      assert.equal(await errorOf(admin.createAgentKey('nobody')), 'InstanceNotRegisteredException');
      await api.client.send(new RegisterOnPremisesInstanceCommand({ instanceName: 'gone', iamUserArn: 'arn:aws:iam::123456789012:user/gone' }));
      await api.client.send(new DeregisterOnPremisesInstanceCommand({ instanceName: 'gone' }));
      assert.equal(await errorOf(admin.createAgentKey('gone')), 'InstanceNotRegisteredException');
      assert.equal(await errorOf(admin.createAgentKey('bad name!')), 'InvalidInstanceNameException');
      assert.equal(await errorOf(admin.createAgentKey('')), 'InstanceNameRequiredException');
      const deployer = await api.store.accessKeys.create({ role: 'deployer' });
      assert.equal(await errorOf(cutoverAs(api, deployer).createAgentKey('gone')), 'AccessDeniedException');
    });
  });
}
