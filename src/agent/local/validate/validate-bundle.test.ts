import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parseAppSpec } from '../../appspec/index.ts';
import { buildTar } from '../../bundle/test-archives.ts';
import { formatReport } from './report.ts';
import { validateBundle } from './validate-bundle.ts';

const APPSPEC = 'version: 0.0\nos: linux\nhooks:\n  BeforeInstall:\n    - location: run.sh\n';
const SCRIPT = '#!/bin/sh\ntrue\n';

describe('validateBundle', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cutover-validate-unit-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('unpacks tar and tgz bundles told apart by their content, whatever their names', async () => {
    const entries = [{ name: 'appspec.yml', body: APPSPEC }, { name: 'run.sh', body: SCRIPT, mode: 0o755 }];
    writeFileSync(join(dir, 'plain.bin'), buildTar(entries));
    writeFileSync(join(dir, 'zipped.bin'), buildTar(entries, { gzip: true }));
    for (const [name, type] of [['plain.bin', 'tar'], ['zipped.bin', 'tgz']]) {
      const report = await validateBundle({ path: join(dir, name!) });
      assert.deepEqual({ valid: report.valid, type: report.bundleType, problems: report.problems }, { valid: true, type, problems: [] });
    }
    const wrongType = await validateBundle({ path: join(dir, 'plain.bin'), type: 'zip' });
    assert.equal(wrongType.valid, false);
    assert.match(wrongType.problems[0]!.message, /^The zip bundle cannot be unpacked: /);
  });

  it('checks an appspec.yaml but reports that hook events would not find it', async () => {
    const bundle = join(dir, 'yaml-only');
    mkdirSync(bundle);
    writeFileSync(join(bundle, 'appspec.yaml'), APPSPEC);
    writeFileSync(join(bundle, 'run.sh'), SCRIPT);
    chmodSync(join(bundle, 'run.sh'), 0o755);
    const report = await validateBundle({ path: bundle });
    assert.equal(report.appSpecFile, 'appspec.yaml');
    assert.deepEqual(report.problems.map((p) => p.message), [
      'The bundle has appspec.yaml but no appspec.yml: Install reads appspec.yaml, but hook events read only appspec.yml, so a deployment fails at its first hook event. Rename it to appspec.yml.',
    ]);
    assert.equal((await validateBundle({ path: bundle, appSpecFilename: 'appspec.yaml' })).valid, true);
    assert.equal(formatReport(report, { color: true }).includes('\u001b[31merror\u001b[0m'), true);
  });

  it('keeps what the parser could read despite problems, so scripts are still checked', () => {
    const parsed = parseAppSpec(`version: 1\nos: linux\n${APPSPEC.split('\n').slice(2).join('\n')}`);
    assert.equal(parsed.appSpec, undefined);
    assert.deepEqual([...parsed.partial!.hooks.keys()], ['BeforeInstall']);
    assert.equal(parseAppSpec('- a list').partial, undefined);
  });
});
