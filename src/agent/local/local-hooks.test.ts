import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadLocalHooks } from './local-hooks.ts';

describe('loadLocalHooks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cutover-local-hooks-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const appSpec = (hooks: string) => writeFileSync(join(dir, 'appspec.yml'), `version: 0.0\nos: linux\nhooks:\n${hooks}`);

  it('accepts default hooks and the custom events asked for', async () => {
    appSpec('  ApplicationStart:\n    - location: a.sh\n  CustomEvent:\n    - location: b.sh\n');
    const hooks = await loadLocalHooks(dir, { events: ['DownloadBundle', 'Install', 'CustomEvent'] });
    assert.deepEqual([...hooks.keys()], ['ApplicationStart', 'CustomEvent']);
  });

  it('refuses hooks that are neither default nor asked for, and custom events the appspec lacks', async () => {
    appSpec('  CustomEvent:\n    - location: b.sh\n  Other:\n    - location: c.sh\n');
    await assert.rejects(loadLocalHooks(dir, { events: ['ApplicationStart'] }), { message: 'appspec.yml file contains unknown lifecycle events: ["CustomEvent", "Other"]' });
    await assert.rejects(loadLocalHooks(dir, { events: ['CustomEvent', 'Other', 'Missing'] }),
      { message: "You specified a lifecycle event which is not a default one and doesn't exist in your appspec.yml file: Missing" });
  });

  it('reads appspec.yaml when there is no appspec.yml, and only the named file when one is given', async () => {
    const yamlDir = mkdtempSync(join(dir, 'yaml-'));
    writeFileSync(join(yamlDir, 'appspec.yaml'), 'version: 0.0\nos: linux\nhooks:\n  BeforeInstall:\n    - location: a.sh\n');
    assert.deepEqual([...(await loadLocalHooks(yamlDir, { events: [] })).keys()], ['BeforeInstall']);
    await assert.rejects(loadLocalHooks(yamlDir, { events: [], appSpecFilename: 'other.yml' }), /did not find an AppSpec file .* revision-relative path "other\.yml"/);
  });
});
