import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import * as tar from 'tar';
import yazl from 'yazl';
import { buildTar } from '../../src/agent/bundle/test-archives.ts';
import { saveZip } from '../support/zip-file.ts';

// `cutover validate` as a person runs it: the real bin/cutover process on bundles built here.

const CUTOVER = resolve(import.meta.dirname, '..', '..', 'bin', 'cutover');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function validate(args: string[], cwd: string): Promise<Run> {
  return new Promise((done) => {
    execFile(CUTOVER, ['validate', ...args], { cwd, env: { ...process.env, NO_COLOR: '' } },
      (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }));
  });
}

/** Bundle files: path → content, or content and mode. */
type Files = Record<string, string | { content: string; mode: number }>;

function writeTree(dir: string, files: Files): string {
  for (const [path, file] of Object.entries(files)) {
    const { content, mode } = typeof file === 'string' ? { content: file, mode: path.endsWith('.sh') ? 0o755 : 0o644 } : file;
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
    chmodSync(join(dir, path), mode);
  }
  return dir;
}

/** A zip whose entries carry Unix modes in their external attributes. */
function zipOf(out: string, files: Files, prefix = ''): Promise<string> {
  const zip = new yazl.ZipFile();
  for (const [path, file] of Object.entries(files)) {
    const { content, mode } = typeof file === 'string' ? { content: file, mode: path.endsWith('.sh') ? 0o755 : 0o644 } : file;
    zip.addBuffer(Buffer.from(content), prefix + path, { mode: 0o100000 | mode });
  }
  return saveZip(zip, out);
}

const SCRIPT = '#!/bin/sh\necho ok\n';
const GOOD: Files = {
  'appspec.yml': [
    'version: 0.0', 'os: linux', 'files:', '  - source: site', '    destination: /srv/www',
    'hooks:', '  BeforeInstall:', '    - location: scripts/install.sh', '  ApplicationStart:', '    - location: scripts/start.sh', '      timeout: 60', '',
  ].join('\n'),
  'scripts/install.sh': SCRIPT,
  'scripts/start.sh': SCRIPT,
  'site/index.html': '<h1>hi</h1>\n',
};

describe('cutover validate', { concurrency: 2 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'cutover-validate-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('passes a good bundle as a directory (the default: the current one), a zip with a top-level folder and a tgz', async () => {
    const good = writeTree(join(dir, 'good'), GOOD);
    const here = await validate([], good);
    assert.equal(here.code, 0, here.stdout);
    assert.equal(here.stdout, 'valid: . (directory, appspec.yml)\n');
    const zip = await zipOf(join(dir, 'good.zip'), GOOD, 'good/');
    const zipped = await validate([zip], dir);
    assert.equal(zipped.code, 0, zipped.stdout);
    assert.equal(zipped.stdout, `valid: ${zip} (zip, appspec.yml)\n`);
    await tar.c({ gzip: true, file: join(dir, 'good.tgz'), cwd: good, portable: true }, ['.']);
    const tgz = await validate(['good.tgz', '--output', 'json'], dir);
    assert.equal(tgz.code, 0, tgz.stdout);
    assert.deepEqual(JSON.parse(tgz.stdout), {
      valid: true, bundle: 'good.tgz', bundleType: 'tgz', appSpecFile: 'appspec.yml', errors: 0, warnings: 0, problems: [],
    });
  });

  it('reports every problem of a bad appspec at once, each with its line and column', async () => {
    writeTree(join(dir, 'bad'), {
      'appspec.yml': [
        "version: '0.0'", // 1
        'os: windows', // 2
        'file_exists_behavior: sometimes', // 3
        'files:', // 4
        '  - destination: /srv/app', // 5
        'hooks:', // 6
        '  BeforeInstall:', // 7
        '    - location: scripts/install.sh', // 8
        '      timeout: never', // 9
        '  ApplicationStart:', // 10
        '    - runas: root', // 11
        '',
      ].join('\n'),
      'scripts/install.sh': SCRIPT,
    });
    const run = await validate(['bad'], dir);
    assert.equal(run.code, 1);
    const places = run.stdout.split('\n').filter((l) => l.startsWith('bad/')).map((l) => /^(bad\/appspec\.yml:\d+:\d+): error: /.exec(l)?.[1]);
    assert.deepEqual(places, ['bad/appspec.yml:1:10', 'bad/appspec.yml:2:5', 'bad/appspec.yml:3:23', 'bad/appspec.yml:5:5', 'bad/appspec.yml:9:16', 'bad/appspec.yml:11:7']);
    assert.match(run.stdout, /^bad\/appspec\.yml:1:10: error: The deployment failed because an invalid version value \(0\.0\) was entered/m);
    assert.match(run.stdout, /^bad\/appspec\.yml:11:7: error: The deployment failed because the application specification file specifies a script with no location value\./m);
    assert.match(run.stdout, /\ninvalid, 6 errors, 0 warnings: bad \(directory, appspec\.yml\)\n$/);
  });

  it('finds missing, non-executable and unrunnable scripts and missing file sources, in a directory and in a zip', async () => {
    const files: Files = {
      'appspec.yml': [
        'version: 0.0', 'os: linux', 'files:', '  - source: site', '    destination: /srv/www', // 1-5
        'hooks:', '  BeforeInstall:', '    - location: scripts/missing.sh', // 6-8
        '  AfterInstall:', '    - location: scripts/plain.sh', // 9-10
        '  ApplicationStart:', '    - location: scripts/crlf.sh', '    - location: scripts/noshebang.sh', // 11-13
        '  AfterInstal:', '    - location: scripts/ok.sh', '', // 14-15
      ].join('\n'),
      'scripts/plain.sh': { content: SCRIPT, mode: 0o644 },
      'scripts/crlf.sh': '#!/bin/bash\r\necho hi\r\n',
      'scripts/noshebang.sh': 'echo hi\n',
      'scripts/ok.sh': SCRIPT,
    };
    const expected = [
      { severity: 'error', line: 4, col: 5, message: 'files[0]: the source site does not exist in the bundle.' },
      { severity: 'error', line: 8, col: 7, message: 'hooks.BeforeInstall[0]: the script scripts/missing.sh does not exist in the bundle.' },
      { severity: 'error', line: 10, col: 7, message: /^hooks\.AfterInstall\[0\]: the script scripts\/plain\.sh is not executable \(mode 0644\)\./ },
      { severity: 'error', line: 12, col: 7, message: /^hooks\.ApplicationStart\[0\]: the #! line of scripts\/crlf\.sh ends with a carriage return/ },
      { severity: 'error', line: 13, col: 7, message: /^hooks\.ApplicationStart\[1\]: the script scripts\/noshebang\.sh does not start with a #! line/ },
      { severity: 'warning', line: 15, col: 5, message: /^hooks\.AfterInstal is not a lifecycle event the agent runs/ },
    ];
    const zip = await zipOf(join(dir, 'scripts.zip'), files);
    for (const [bundle, file] of [[writeTree(join(dir, 'scripts'), files), join(dir, 'scripts', 'appspec.yml')], [zip, 'appspec.yml']] as const) {
      const run = await validate([bundle, '-o', 'json'], dir);
      assert.equal(run.code, 1, bundle);
      const report = JSON.parse(run.stdout);
      assert.equal(report.errors, 5);
      assert.equal(report.warnings, 1);
      assert.equal(report.problems.length, expected.length);
      for (const [i, want] of expected.entries()) {
        const got = report.problems[i];
        assert.deepEqual({ severity: got.severity, file: got.file, line: got.line, col: got.col }, { severity: want.severity, file, line: want.line, col: want.col }, `${bundle} #${i}`);
        if (typeof want.message === 'string') assert.equal(got.message, want.message);
        else assert.match(got.message, want.message);
      }
    }
  });

  it('exits 0 on warnings alone, reads --appspec-filename, and reports what the agent would refuse to unpack', async () => {
    writeTree(join(dir, 'warned'), {
      'appspec_override.yaml': 'version: 0.0\nos: linux\nhooks:\n  CustomEvent:\n    - location: scripts/custom.sh\n',
      'scripts/custom.sh': SCRIPT,
    });
    const warned = await validate(['warned', '--appspec-filename', 'appspec_override.yaml'], dir);
    assert.equal(warned.code, 0, warned.stdout);
    assert.match(warned.stdout, /^warned\/appspec_override\.yaml:5:5: warning: hooks\.CustomEvent is not a lifecycle event/m);
    assert.match(warned.stdout, /\nvalid with 0 errors, 1 warning: warned \(directory, appspec_override\.yaml\)\n$/);

    const missing = await validate(['warned'], dir);
    assert.equal(missing.code, 1);
    assert.equal(missing.stdout, 'warned/appspec.yml: error: The bundle has no appspec.yml (or appspec.yaml) at its root.\ninvalid, 1 error, 0 warnings: warned (directory)\n');

    writeFileSync(join(dir, 'escape.tar'), buildTar([{ name: 'appspec.yml', body: GOOD['appspec.yml'] as string }, { name: '../outside.sh', body: SCRIPT }]));
    const unsafe = await validate(['escape.tar'], dir);
    assert.equal(unsafe.code, 1);
    assert.match(unsafe.stdout, /^escape\.tar: error: The tar bundle cannot be unpacked: .*\.\.\/outside\.sh/m);
  });

  it('shows examples in --help', async () => {
    const help = await validate(['--help'], dir);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: cutover validate \[options\] \[bundle\][\s\S]*--output <format>[\s\S]*Examples:\n {2}cutover validate/);
  });
});
