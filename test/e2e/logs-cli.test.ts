import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import {
  AddTagsToOnPremisesInstancesCommand, CreateApplicationCommand, CreateDeploymentCommand, CreateDeploymentGroupCommand,
  RegisterOnPremisesInstanceCommand,
} from '@aws-sdk/client-codedeploy';
import { callJsonRpc } from '../../src/client/json-rpc.ts';
import { codeDeployClient } from '../support/sdk.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';

const CUTOVER = resolve(import.meta.dirname, '..', '..', 'bin', 'cutover');
const HOST = 'arn:aws:iam::123456789012:user/web-1';

function cutover(server: ServerProcess, args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(CUTOVER, [...args, '--endpoint-url', server.url], {
      env: { ...process.env, AWS_SHARED_CREDENTIALS_FILE: server.credentialsFile, AWS_CONFIG_FILE: '/dev/null', AWS_PROFILE: '', ...env },
    }, (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }));
  });
}

describe('cutover logs', () => {
  it('prints the full script logs a host uploaded, and fails clearly for bad input', async (t) => {
    const server = await startServerProcess({ env: { CUTOVER_POLL_WAIT: '2' } });
    t.after(() => server.destroy());
    const client = codeDeployClient(server.url, server.credentials);
    await client.send(new CreateApplicationCommand({ applicationName: 'web' }));
    await client.send(new CreateDeploymentGroupCommand({
      applicationName: 'web', deploymentGroupName: 'prod', serviceRoleArn: 'arn:aws:iam::123456789012:role/x',
      onPremisesInstanceTagFilters: [{ Key: 'fleet', Value: 'web', Type: 'KEY_AND_VALUE' }],
    }));
    await client.send(new RegisterOnPremisesInstanceCommand({ instanceName: 'web-1', iamUserArn: HOST }));
    await client.send(new AddTagsToOnPremisesInstancesCommand({ instanceNames: ['web-1'], tags: [{ Key: 'fleet', Value: 'web' }] }));
    const { deploymentId } = await client.send(new CreateDeploymentCommand({
      applicationName: 'web', deploymentGroupName: 'prod', revision: { revisionType: 'S3', s3Location: { bucket: 'b', key: 'k.zip', bundleType: 'zip' } },
    }));
    const rpc = { endpoint: server.url, credentials: server.credentials, service: 'codedeploy-commands', targetPrefix: 'CodeDeployCommandService_v20141006' };
    const poll = await callJsonRpc(rpc, 'PollHostCommand', { HostIdentifier: HOST });
    const id = poll.body.HostCommand.HostCommandIdentifier;
    const long = 'x'.repeat(5000);
    await callJsonRpc(rpc, 'PutHostCommandLog', { HostCommandIdentifier: id, Log: 'LifecycleEvent - ApplicationStop\n' });
    await callJsonRpc(rpc, 'PutHostCommandLog', { HostCommandIdentifier: id, Log: `[stdout]${long}\n` });

    const ok = await cutover(server, ['logs', deploymentId!]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /==> web-1 ApplicationStop <==\nLifecycleEvent - ApplicationStop\n\[stdout\]x{5000}\n/);

    const missing = await cutover(server, ['logs', 'd-AAAAAAAAA']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /DeploymentDoesNotExistException/);
    const malformed = await cutover(server, ['logs', 'not-an-id']);
    assert.match(malformed.stderr, /InvalidDeploymentIdException/);
    const wrongKey = await cutover(server, ['logs', deploymentId!], { AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_ACCESS_KEY_ID: 'CKIAUNKNOWN000000000', AWS_SECRET_ACCESS_KEY: 'nope' });
    assert.match(wrongKey.stderr, /UnrecognizedClientException/);
    const unreachable = await cutover({ ...server, url: 'http://127.0.0.1:1' }, ['logs', deploymentId!]);
    assert.equal(unreachable.code, 1);
    assert.match(unreachable.stderr, /cannot reach the Cutover server/);
  });
});
