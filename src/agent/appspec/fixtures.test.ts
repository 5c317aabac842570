import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { parseAppSpec } from './parse-app-spec.ts';

const fixture = (name: string) => readFile(new URL(`../../../test/fixtures/appspec/${name}`, import.meta.url), 'utf8');

describe('appspec fixtures', () => {
  it('reads the complete sample with every hook in file order', async () => {
    const { appSpec, problems } = parseAppSpec(await fixture('sample-linux.yml'));
    assert.deepEqual(problems, []);
    assert.deepEqual([...appSpec!.hooks.keys()], [
      'BeforeBlockTraffic', 'AfterBlockTraffic', 'ApplicationStop', 'BeforeInstall', 'AfterInstall',
      'ApplicationStart', 'ValidateService', 'BeforeAllowTraffic', 'AfterAllowTraffic',
    ]);
    assert.deepEqual(appSpec!.hooks.get('ApplicationStart')!.map((s) => [s.location, s.timeoutSeconds, s.sudo]), [
      ['scripts/application_start.sh', 120, false],
      ['scripts/warm_cache.sh', 3600, true],
    ]);
    assert.equal(appSpec!.fileExistsBehavior, 'OVERWRITE');
    assert.deepEqual(appSpec!.permissions.map((p) => p.mode ?? p.acls?.length ?? p.context?.type), ['0755', 1, 'httpd_sys_content_t']);
  });

  it('lists every mistake of the broken sample with its line and column', async () => {
    const { problems } = parseAppSpec(await fixture('broken.yml'), { filename: 'broken.yml' });
    assert.deepEqual(problems.map((p) => `${p.filename}:${p.line}:${p.col}`), [
      'broken.yml:2:10', // quoted version
      'broken.yml:13:7', // script without location
      'broken.yml:16:16', // timeout: soon
      'broken.yml:5:5', // source without destination
      'broken.yml:8:11', // mode 0855
      'broken.yml:10:9', // base ACL entry
    ]);
  });
});
