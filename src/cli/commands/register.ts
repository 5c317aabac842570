import type { Command } from 'commander';
import { AddTagsToOnPremisesInstancesCommand, RegisterOnPremisesInstanceCommand, type Tag } from '@aws-sdk/client-codedeploy';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { CutoverClient, type AgentKey, type ServerInfo } from '../../client/cutover-client.ts';
import type { Connection } from '../../client/connection.ts';
import { connect, peopleCommand, type CommonFlags } from '../command-kit.ts';
import { cliAction, CliError } from '../output/errors.ts';
import { printJson } from '../output/output-format.ts';

/** The tag the traffic router reads a host's `host:port` from. */
export const ADDRESS_TAG = 'cutover:address';

interface RegisterFlags extends CommonFlags {
  tags?: string;
  address?: string;
  outputDir?: string;
  s3EndpointUrl?: string;
}

/** The files `cutover register` writes for the host. */
interface HostFiles {
  dir: string;
  agentConfig: string;
  onPremisesConfig: string;
  certificate: string;
}

/**
 * `cutover register`: registers an on-premises instance, tags it, creates its agent key and
 * writes the agent's configuration (Cutover's agent.yml and the official agent's
 * codedeploy.onpremises.yml) for the host.
 */
export function registerCommand(): Command {
  return peopleCommand('register', 'register a host as an on-premises instance and write its agent configuration', [
    'cutover register web-1 --tags fleet=web,env=prod',
    'cutover register web-1 --tags fleet=web --address 10.0.0.11:8080 --output-dir ./web-1',
  ])
    .argument('<instance-name>', 'the on-premises instance name, e.g. web-1')
    .option('--tags <k=v,...>', 'tags deployment groups select the instance by')
    .option('--address <host:port>', `where the host serves traffic (stored as the ${ADDRESS_TAG} tag, for the traffic router)`)
    .option('--output-dir <dir>', 'where to write the agent files (default ./<instance-name>-agent)')
    .option('--s3-endpoint-url <url>', 'bundle store the agent downloads from (default: AWS_ENDPOINT_URL_S3, else the Cutover server)')
    .action(cliAction(runRegister));
}

async function runRegister(instanceName: string, flags: RegisterFlags): Promise<void> {
  const tags = parseTags(flags.tags, flags.address);
  const files = hostFiles(resolve(flags.outputDir ?? `${instanceName}-agent`));
  for (const file of [files.agentConfig, files.onPremisesConfig]) if (existsSync(file)) throw new CliError(`${file} already exists; choose another --output-dir`);
  const { connection, client } = await connect(flags);
  const cutover = new CutoverClient(connection);
  const server = await cutover.getServerInfo();
  const iamUserArn = `arn:aws:iam::${server.accountId}:user/cutover/${instanceName}`;
  await client.send(new RegisterOnPremisesInstanceCommand({ instanceName, iamUserArn }));
  if (tags.length) await client.send(new AddTagsToOnPremisesInstancesCommand({ instanceNames: [instanceName], tags }));
  const key = await cutover.createAgentKey(instanceName);
  writeHostFiles(files, { connection, server, key, iamUserArn, s3Endpoint: flags.s3EndpointUrl ?? process.env.AWS_ENDPOINT_URL_S3 });
  if (flags.output === 'json') {
    printJson({ instanceName, iamUserArn, tags, accessKeyId: key.accessKeyId, files });
    return;
  }
  process.stdout.write(`Registered ${instanceName} (${iamUserArn})${tags.length ? ` with tags ${tags.map((t) => `${t.Key}=${t.Value}`).join(',')}` : ''}\n`
    + `Created agent key ${key.accessKeyId}, bound to ${instanceName}\n`
    + `Wrote ${files.agentConfig}, ${files.onPremisesConfig} and ${files.certificate}\n\n`
    + `On the host, start the agent with:\n  cutover agent --config ${files.agentConfig}\n`
    + `or, with the official agent, install ${files.onPremisesConfig} as /etc/codedeploy-agent/conf/codedeploy.onpremises.yml.\n`
    + `If you move the files, update specification_certificate in agent.yml. They hold a secret: keep them mode 0600.\n`);
}

function parseTags(text: string | undefined, address: string | undefined): Tag[] {
  const tags: Tag[] = (text ?? '').split(',').filter((p) => p.trim() !== '').map((pair) => {
    const at = pair.indexOf('=');
    if (at <= 0) throw new CliError(`--tags ${pair} is not key=value`);
    return { Key: pair.slice(0, at).trim(), Value: pair.slice(at + 1).trim() };
  });
  if (address !== undefined) {
    if (!/^[^\s:]+:\d{1,5}$/.test(address)) throw new CliError(`--address ${address} is not host:port`);
    tags.push({ Key: ADDRESS_TAG, Value: address });
  }
  return tags;
}

function hostFiles(dir: string): HostFiles {
  return { dir, agentConfig: join(dir, 'agent.yml'), onPremisesConfig: join(dir, 'codedeploy.onpremises.yml'), certificate: join(dir, 'spec-signing.crt') };
}

function writeHostFiles(files: HostFiles, o: { connection: Connection; server: ServerInfo; key: AgentKey; iamUserArn: string; s3Endpoint?: string }): void {
  mkdirSync(files.dir, { recursive: true, mode: 0o700 });
  const secret = { mode: 0o600, flag: 'wx' } as const;
  writeFileSync(files.certificate, o.server.specificationCertificate, { mode: 0o644 });
  writeFileSync(files.agentConfig, stringify({
    endpoint: o.connection.endpoint, region: o.connection.region, host_identifier: o.iamUserArn,
    access_key_id: o.key.accessKeyId, secret_access_key: o.key.secretAccessKey,
    s3_endpoint: o.s3Endpoint ?? o.connection.endpoint, specification_certificate: files.certificate,
  }), secret);
  writeFileSync(files.onPremisesConfig, stringify({
    aws_access_key_id: o.key.accessKeyId, aws_secret_access_key: o.key.secretAccessKey, iam_user_arn: o.iamUserArn, region: o.connection.region,
  }), secret);
}
