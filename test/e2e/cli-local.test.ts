import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as tar from 'tar';
import yazl from 'yazl';
import { startS3, type TestS3 } from '../support/s3.ts';
import { saveZip } from '../support/zip-file.ts';

// `cutover local` as a person runs it: the real bin/cutover process, sample bundles built here in
// every bundle type, and a deployment root under a temporary directory (never /opt or /etc).
// Each hook script appends its event to a proof file five directories above itself, that is
// next to the deployment root, as the official tool's own acceptance bundles do.

const CUTOVER = resolve(import.meta.dirname, '..', '..', 'bin', 'cutover');
const HOOKS = [
  'BeforeBlockTraffic', 'AfterBlockTraffic', 'ApplicationStop', 'BeforeInstall', 'AfterInstall', 'ApplicationStart',
  'ValidateService', 'BeforeAllowTraffic', 'AfterAllowTraffic',
];
const FIRST_RUN = ['BeforeInstall', 'AfterInstall', 'ApplicationStart', 'ValidateService', 'BeforeAllowTraffic', 'AfterAllowTraffic'];
const PROOF_SCRIPT = '#!/bin/sh\nprintf "%s\\n" "$LIFECYCLE_EVENT" >> "$(dirname "$0")/../../../../../executed_proof_file"\n';
const GROUP = 'test-local-deployments-folder';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** One scratch area: a deployment root, an agent configuration naming it, and the proof file. */
class Scratch {
  readonly dir = mkdtempSync(join(tmpdir(), 'cutover-local-'));
  readonly root = join(this.dir, 'root');
  readonly config = join(this.dir, 'codedeployagent.yml');

  constructor() {
    writeFileSync(this.config, `:root_dir: ${this.root}\n:log_dir: ${join(this.dir, 'log')}\n`);
  }

  run(args: string[], env: Record<string, string> = {}): Promise<Run> {
    return new Promise((done) => {
      execFile(CUTOVER, ['local', '-c', this.config, '-g', GROUP, ...args], {
        cwd: this.dir, env: { ...process.env, AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_CONFIG_FILE: '/dev/null', ...env },
      }, (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }));
    });
  }

  proof(): string[] {
    const file = join(this.dir, 'executed_proof_file');
    return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : [];
  }

  deploymentIds(): string[] {
    return readdirSync(join(this.root, GROUP)).sort();
  }

  archive(id = this.deploymentIds()[0]!): string {
    return join(this.root, GROUP, id, 'deployment-archive');
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Files of a bundle: path → content (scripts get mode 0755). */
type BundleFiles = Record<string, string>;

function sampleBundle(): BundleFiles {
  const hooks = HOOKS.map((h) => `  ${h}:\n    - location: scripts/${h}.sh\n`).join('');
  const files: BundleFiles = {
    'appspec.yml': `version: 0.0\nos: linux\nhooks:\n${hooks}`,
    'appspec_override.yaml': `version: 0.0\nos: linux\nhooks:\n${hooks}`,
  };
  for (const behavior of ['disallow', 'overwrite', 'retain']) {
    files[`appspec_override_file_exists_behavior_${behavior}.yaml`] = `version: 0.0\nos: linux\nfile_exists_behavior: ${behavior.toUpperCase()}\nhooks:\n${hooks}`;
  }
  for (const hook of HOOKS) files[`scripts/${hook}.sh`] = PROOF_SCRIPT;
  return files;
}

function customEventBundle(): BundleFiles {
  return {
    'appspec.yml': 'version: 0.0\nos: linux\nhooks:\n  ApplicationStart:\n    - location: scripts/start.sh\n  CustomEvent:\n    - location: scripts/custom.sh\n',
    'scripts/start.sh': PROOF_SCRIPT,
    'scripts/custom.sh': PROOF_SCRIPT,
  };
}

function destinationBundle(destination: string, appSpecBehavior?: string): BundleFiles {
  const behavior = appSpecBehavior ? `file_exists_behavior: ${appSpecBehavior}\n` : '';
  return {
    'appspec.yml': `version: 0.0\nos: linux\n${behavior}files:\n  - source: target.txt\n    destination: ${destination}\n`,
    'target.txt': 'from the bundle\n',
  };
}

function writeTree(dir: string, files: BundleFiles): string {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
    if (path.endsWith('.sh')) chmodSync(join(dir, path), 0o755);
  }
  return dir;
}

async function tarBundle(source: string, out: string, gzip: boolean): Promise<string> {
  await tar.c({ gzip, file: out, cwd: source, portable: true }, readdirSync(source));
  return out;
}

/** Zips a directory with its modes; `prefix` puts everything under one top-level folder. */
function zipBundle(source: string, out: string, prefix = ''): Promise<string> {
  const zip = new yazl.ZipFile();
  const add = (dir: string) => {
    for (const name of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, name.name);
      const entry = prefix + relative(source, path);
      if (name.isDirectory()) {
        zip.addEmptyDirectory(entry);
        add(path);
      } else {
        zip.addFile(path, entry);
      }
    }
  };
  add(source);
  return saveZip(zip, out);
}

function assertSampleDeployed(scratch: Scratch, run: Run): void {
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /AppSpec file valid\. Local deployment successful\n$/);
  assert.deepEqual(scratch.proof(), FIRST_RUN);
  assert.deepEqual(readdirSync(scratch.root).sort(), ['deployment-instructions', 'deployment-logs', GROUP]);
  assert.deepEqual(readdirSync(join(scratch.root, 'deployment-logs')), ['codedeploy-agent-deployments.log']);
  const [id] = scratch.deploymentIds();
  assert.match(id!, /^d-[A-Z0-9]{9}-local$/);
  const deploymentDir = join(scratch.root, GROUP, id!);
  assert.ok(readdirSync(deploymentDir).includes('logs') && readdirSync(deploymentDir).includes('deployment-archive'));
  const archive = readdirSync(scratch.archive()).sort();
  assert.equal(archive.length, 6);
  assert.ok(archive.includes('appspec.yml') && archive.includes('scripts'));
  assert.deepEqual(readdirSync(join(scratch.archive(), 'scripts')).sort(), HOOKS.map((h) => `${h}.sh`).sort());
}

describe('cutover local', { concurrency: 2 }, () => {
  const scratches: Scratch[] = [];
  const scratch = () => {
    const s = new Scratch();
    scratches.push(s);
    return s;
  };
  let bundles: string;
  let sample: string;
  let s3: TestS3;

  before(async () => {
    bundles = mkdtempSync(join(tmpdir(), 'cutover-local-bundles-'));
    sample = writeTree(join(bundles, 'sample_app_bundle'), sampleBundle());
    s3 = await startS3();
  });
  after(async () => {
    for (const s of scratches) s.remove();
    rmSync(bundles, { recursive: true, force: true });
    await s3.close();
  });

  it('runs only the new revision\'s hooks the first time, then the previous revision\'s BlockTraffic and ApplicationStop hooks', async () => {
    const s = scratch();
    // A relative location resolves against the working directory, as the official tool's does.
    const first = await s.run(['--bundle-location', relative(s.dir, sample), '--type', 'directory']);
    assertSampleDeployed(s, first);
    const log = readFileSync(join(s.root, 'deployment-logs', 'codedeploy-agent-deployments.log'), 'utf8');
    assert.match(log, /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\] \[d-[A-Z0-9]{9}-local\]LifecycleEvent - BeforeInstall$/m);
    assert.match(readFileSync(join(s.root, GROUP, s.deploymentIds()[0]!, 'logs', 'scripts.log'), 'utf8'), /Script - scripts\/ValidateService\.sh/);
    assert.ok(existsSync(join(s.dir, 'log', 'codedeploy-local.log')));

    const second = await s.run(['-l', sample]);
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual(s.proof(), [...FIRST_RUN, ...HOOKS]);
    assert.equal(s.deploymentIds().length, 2);
  });

  it('deploys the same result from a zip, a zip with one top-level folder, a tgz, a tar and S3', async (t) => {
    const zipped = await zipBundle(sample, join(bundles, 'app_bundle.zip'));
    const zippedFolder = await zipBundle(sample, join(bundles, 'app_folder.zip'), 'sample_app_bundle/');
    const tgz = await tarBundle(sample, join(bundles, 'app_bundle.tgz'), true);
    const tarFile = await tarBundle(sample, join(bundles, 'app_bundle.tar'), false);
    await s3.createBucket('local-bundles');
    const { eTag } = await s3.putObject('local-bundles', 'releases/app_bundle.tgz', readFileSync(tgz));
    const s3Env = {
      AWS_ENDPOINT_URL_S3: s3.endpoint, AWS_REGION: s3.region,
      AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
    };
    const cases: { name: string; args: string[]; env?: Record<string, string> }[] = [
      { name: 'zip', args: ['-l', zipped, '-t', 'zip'] },
      { name: 'zip with a top-level folder', args: ['-l', zippedFolder, '-t', 'zip'] },
      { name: 'tgz', args: ['-l', `file://${tgz}`, '-t', 'tgz'] },
      { name: 'tar', args: ['-l', tarFile, '-t', 'tar'] },
      { name: 'S3', args: ['-l', `s3://local-bundles/releases/app_bundle.tgz?etag=${eTag.replaceAll('"', '')}`, '-t', 'tgz'], env: s3Env },
    ];
    for (const c of cases) {
      const s = scratch();
      const run = await s.run(c.args, c.env);
      await t.test(c.name, () => assertSampleDeployed(s, run));
    }
  });

  it('runs a custom event given with --events, and refuses custom hooks that were not asked for', async () => {
    const bundle = writeTree(join(bundles, 'custom_event_bundle'), customEventBundle());
    const s = scratch();
    const run = await s.run(['-l', bundle, '--events', 'ApplicationStart,CustomEvent']);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(s.proof(), ['ApplicationStart', 'CustomEvent']);
    assert.equal(readdirSync(s.archive()).length, 2);

    const unasked = await scratch().run(['-l', bundle]);
    assert.equal(unasked.code, 1);
    assert.match(unasked.stderr, /^ERROR: appspec\.yml file contains unknown lifecycle events: \["CustomEvent"\]$/m);
  });

  it('runs only the default events given with --events, adding DownloadBundle and Install where they belong', async () => {
    const s = scratch();
    const run = await s.run(['-l', sample, '--events', 'BeforeInstall,ApplicationStart']);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(s.proof(), ['BeforeInstall', 'ApplicationStart']);
    assert.match(run.stdout, /DownloadBundle: Succeeded\nBeforeInstall: Succeeded\nInstall: Succeeded\nApplicationStart: Succeeded\n/);
  });

  it('applies --file-exists-behavior to files already at the destination, and the appspec\'s own value wins', async () => {
    const cases: { flag?: string; appSpec?: string; code: number; content: string }[] = [
      { code: 1, content: 'original\n' },
      { flag: 'OVERWRITE', code: 0, content: 'from the bundle\n' },
      { flag: 'RETAIN', code: 0, content: 'original\n' },
      { flag: 'OVERWRITE', appSpec: 'RETAIN', code: 0, content: 'original\n' },
    ];
    for (const [i, c] of cases.entries()) {
      const s = scratch();
      const destination = join(s.dir, 'dest');
      writeTree(destination, { 'target.txt': 'original\n' });
      const bundle = writeTree(join(bundles, `destination_${i}`), destinationBundle(destination, c.appSpec));
      const run = await s.run(['-l', bundle, ...(c.flag ? ['--file-exists-behavior', c.flag] : [])]);
      assert.equal(run.code, c.code, `case ${i}: ${run.stderr}`);
      assert.equal(readFileSync(join(destination, 'target.txt'), 'utf8'), c.content, `case ${i}`);
      if (c.code === 1) assert.match(run.stderr, /ERROR: .*The deployment failed because a specified file already exists at this location: .*target\.txt/);
    }
  });

  it('reads another appspec with --appspec-filename', async () => {
    const s = scratch();
    const run = await s.run(['-l', sample, '--appspec-filename', 'appspec_override.yaml']);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(s.proof(), FIRST_RUN);
  });

  it('names the failing script and its log, and refuses bad flags with the official messages', async () => {
    const bundle = writeTree(join(bundles, 'failing_bundle'), {
      'appspec.yml': 'version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n    - location: scripts/fail.sh\n  ApplicationStart:\n    - location: scripts/fail.sh\n',
      'scripts/fail.sh': '#!/bin/sh\necho going down >&2\nexit 3\n',
    });
    const s = scratch();
    const failed = await s.run(['-l', bundle]);
    assert.equal(failed.code, 1);
    const dir = join(s.root, GROUP, s.deploymentIds()[0]!);
    assert.match(failed.stderr, new RegExp(`^Your local deployment failed while trying to execute your script at ${dir}/deployment-archive/scripts/fail\\.sh\n`));
    assert.match(failed.stderr, new RegExp(`See the deployment log at ${dir}/logs/scripts\\.log for more details\n$`));
    assert.match(failed.stdout, /AfterInstall: Failed\n$/);
    assert.match(readFileSync(join(dir, 'logs', 'scripts.log'), 'utf8'), /\[stderr\]going down/);

    const other = scratch();
    const refusals: [string[], RegExp][] = [
      [['-l', sample, '-t', 'rar'], /^ERROR: type rar is not a valid type\. Must be one of tgz,tar,zip,directory\n$/],
      [['-l', sample, '-c', join(other.dir, 'missing.yml')], /^ERROR: configuration file .*missing\.yml does not exist or is not readable\n$/],
    ];
    for (const [args, expected] of refusals) {
      const run = await other.run(args);
      assert.equal(run.code, 1, args.join(' '));
      assert.match(run.stderr, expected);
    }
    assert.equal(existsSync(other.root), false, 'a refused run touches nothing');
  });

  it('reads Cutover\'s agent.yml for the root, and shows examples in --help', async () => {
    const s = scratch();
    writeFileSync(s.config, `root_dir: ${s.root}\nendpoint: http://127.0.0.1:1\n`);
    assertSampleDeployed(s, await s.run(['-l', sample]));
    const help = await s.run(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--bundle-location <location>[\s\S]*--agent-configuration-file[\s\S]*Examples:\n {2}cutover local/);
  });
});
