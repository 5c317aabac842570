import { AddTagsToOnPremisesInstancesCommand, GetOnPremisesInstanceCommand, RegisterOnPremisesInstanceCommand, type CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '../../store/store.ts';

/** The on-premises instance `cutover up` registers for the agent it runs on this machine. */
export interface LocalInstance {
  instanceName: string;
  iamUserArn: string;
  /** The agent's config file, written for `cutover agent --config`. */
  agentConfigFile: string;
}

/** Where the local instance's files live, under the data directory. */
export interface LocalInstancePaths {
  /** The agent's working directory: relative appspec destinations resolve against it. */
  hostDir: string;
  /** Agent config, credentials and deployment root. */
  agentDir: string;
}

/**
 * Registers the local instance (once; later starts find it), tags it `Name=<instance>`, and
 * writes an agent config with a fresh agent key bound to it. A key per start keeps the config
 * file the only place the secret lives: the previous start's key simply stops being used.
 */
export async function ensureLocalInstance(options: {
  client: CodeDeployClient; store: Store; instanceName: string; accountId: string; endpoint: string; region: string; paths: LocalInstancePaths;
}): Promise<LocalInstance> {
  const { client, instanceName } = options;
  const existing = await client.send(new GetOnPremisesInstanceCommand({ instanceName })).catch(notRegistered);
  const iamUserArn = existing?.instanceInfo?.iamUserArn ?? `arn:aws:iam::${options.accountId}:user/cutover/${instanceName}`;
  if (!existing || existing.instanceInfo?.deregisterTime) {
    await client.send(new RegisterOnPremisesInstanceCommand({ instanceName, iamUserArn }));
  }
  await client.send(new AddTagsToOnPremisesInstancesCommand({ instanceNames: [instanceName], tags: [{ Key: 'Name', Value: instanceName }] }));
  const key = await options.store.accessKeys.create({ role: 'agent', instanceName, description: 'cutover up: the local agent' });
  const agentConfigFile = join(options.paths.agentDir, 'agent.yml');
  writeFileSync(agentConfigFile, agentConfigText({ ...options, iamUserArn, key }), { mode: 0o600 });
  return { instanceName, iamUserArn, agentConfigFile };
}

function notRegistered(error: unknown): undefined {
  if ((error as Error).name === 'InstanceNotRegisteredException') return undefined;
  throw error;
}

function agentConfigText(o: { endpoint: string; region: string; iamUserArn: string; key: { accessKeyId: string; secretAccessKey: string }; paths: LocalInstancePaths }): string {
  return [
    '# Written by `cutover up` for the agent it runs on this machine (docs/agent.md lists every key).',
    `endpoint: ${o.endpoint}`,
    `region: ${o.region}`,
    `host_identifier: ${o.iamUserArn}`,
    `access_key_id: ${o.key.accessKeyId}`,
    `secret_access_key: ${o.key.secretAccessKey}`,
    `root_dir: ${join(o.paths.agentDir, 'deployment-root')}`,
    `s3_endpoint: ${o.endpoint}`,
    'poll_backoff:',
    '  initial_seconds: 1',
    '  max_seconds: 5',
    '',
  ].join('\n');
}
