import type { Command } from 'commander';
import { RegisterApplicationRevisionCommand, type S3Location } from '@aws-sdk/client-codedeploy';
import { resolve } from 'node:path';
import { zipDirectory } from '../bundle-zip.ts';
import { connect, peopleCommand, type CommonFlags } from '../command-kit.ts';
import { cliAction, CliError } from '../output/errors.ts';
import { printJson } from '../output/output-format.ts';
import { formatBytes } from '../output/progress-bar.ts';
import { formatS3Pairs } from '../revision.ts';

/** Where `cutover push` puts bundles when given no `--s3-location`. */
export const DEFAULT_BUCKET = 'cutover-bundles';

interface PushFlags extends CommonFlags {
  applicationName: string;
  source: string;
  s3Location?: string;
  s3EndpointUrl?: string;
  description?: string;
}

/** `cutover push`: zips a directory, uploads it and registers it as a revision of an application. */
export function pushCommand(): Command {
  return peopleCommand('push', 'zip a directory (appspec.yml at its root), upload it and register it as a revision', [
    'cutover push --application-name web --source ./app',
    'cutover push --application-name web --source ./app --s3-location s3://releases/web/v2.zip --description "v2"',
    'cutover push --application-name web --source ./app --s3-endpoint-url https://minio.internal:9000',
  ])
    .requiredOption('--application-name <name>', 'the application the revision belongs to')
    .requiredOption('--source <dir>', 'the directory to bundle (.git is skipped)')
    .option('--s3-location <s3://bucket/key>', `where to upload (default: s3://${DEFAULT_BUCKET}/<application>/<time>.zip)`)
    .option('--s3-endpoint-url <url>', 'S3-compatible store for bundles (default: AWS_ENDPOINT_URL_S3, else the Cutover server\'s own bundle store)')
    .option('--description <text>', 'kept with the registered revision')
    .action(cliAction(runPush));
}

async function runPush(flags: PushFlags): Promise<void> {
  const { connection, client } = await connect(flags);
  const target = targetOf(flags);
  const bundle = zipDirectory(resolve(flags.source));
  const s3Endpoint = flags.s3EndpointUrl ?? process.env.AWS_ENDPOINT_URL_S3;
  // Loaded here, not at start-up: the S3 client and uploader take a second to load, and every
  // other `cutover` command would pay for them.
  const { uploadBundle } = await import('../bundle-upload.ts');
  const started = Date.now();
  const uploaded = await uploadBundle({
    connection, s3Endpoint, target, bundle, showProgress: flags.output !== 'json',
    createBucket: !s3Endpoint || target.bucket === DEFAULT_BUCKET,
  });
  const s3Location: S3Location = { bucket: target.bucket, key: target.key, bundleType: 'zip', eTag: uploaded.eTag, version: uploaded.version };
  await client.send(new RegisterApplicationRevisionCommand({
    applicationName: flags.applicationName, description: flags.description, revision: { revisionType: 'S3', s3Location },
  }));
  if (flags.output === 'json') {
    printJson({ applicationName: flags.applicationName, revision: { revisionType: 'S3', s3Location } });
    return;
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(`Uploaded s3://${target.bucket}/${target.key} (${bundle.files} files, ${formatBytes(uploaded.bytes)}) in ${seconds} s\n`
    + `Registered revision ${formatS3Pairs(s3Location)} of application ${flags.applicationName}\n\nTo deploy it:\n`
    + `  cutover deploy --application-name ${flags.applicationName} --deployment-group-name <group> --revision-from-last-push --wait\n`
    + `or, from anywhere:\n  cutover deploy --application-name ${flags.applicationName} --deployment-group-name <group> --s3-location ${formatS3Pairs(s3Location)}\n`);
}

function targetOf(flags: PushFlags): { bucket: string; key: string } {
  if (!flags.s3Location) return { bucket: DEFAULT_BUCKET, key: `${flags.applicationName}/${new Date().toISOString().replace(/[:.]/g, '-')}.zip` };
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(flags.s3Location);
  if (!m) throw new CliError(`--s3-location ${flags.s3Location} is not s3://bucket/key`);
  return { bucket: m[1]!, key: m[2]! };
}

