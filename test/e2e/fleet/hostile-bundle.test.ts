import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startFleet, type Fleet } from '../../support/fleet.ts';
import { rawTgz, rawZip } from './support/hostile-archives.ts';

// Hostile bundles on three real agents: a zip-slip entry (tgz and zip) and a symlink that
// escapes the archive. Every host fails in DownloadBundle with a message naming the entry, and
// nothing lands anywhere on the host: not beside the archive, not in the temporary directory,
// not in the directory the symlink points at.

const GROUP = 'hostile';
const APPSPEC = 'version: 0.0\nos: linux\nfiles:\n  - source: app\n    destination: app\n';

let fleet: Fleet;

/** Every path under `dir` whose name contains `marker`. */
function findNamed(dir: string, marker: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((p) => p.includes(marker)).map((p) => join(dir, p));
}

async function expectRefusedEverywhere(deploymentId: string, badEntry: string, marker: string): Promise<void> {
  const info = await fleet.waitForEnd(deploymentId);
  assert.equal(info.status, 'Failed');
  const targets = await fleet.targets(deploymentId);
  assert.equal(targets.length, 3);
  for (const target of targets) {
    assert.equal(target.status, 'Failed', target.targetId);
    const events = target.lifecycleEvents!;
    const download = events.find((e) => e.lifecycleEventName === 'DownloadBundle')!;
    assert.equal(download.status, 'Failed');
    assert.ok(download.diagnostics?.message?.includes(`"${badEntry}"`), `${target.targetId}: ${JSON.stringify(download.diagnostics)}`);
    const later = events.slice(events.indexOf(download) + 1);
    assert.ok(later.length > 0 && later.every((e) => e.status === 'Skipped'), JSON.stringify(later.map((e) => [e.lifecycleEventName, e.status])));
  }
  for (const host of fleet.hosts) {
    assert.deepEqual(findNamed(host.dir, marker), [], `${host.name} has the escaped file`);
    assert.equal(fleet.readHostFile(host.name, 'app/version.txt'), undefined, `${host.name} installed something`);
  }
  assert.deepEqual(findNamed(fleet.shared, marker), []);
  assert.deepEqual(readdirSync(tmpdir()).filter((n) => n.includes(marker)), []);
}

describe('hostile bundles on a fleet of three real agents', () => {
  before(async () => {
    fleet = await startFleet({ name: 'hostile', hosts: 3 });
    await fleet.givenGroup(GROUP, { deploymentConfigName: 'CodeDeployDefault.AllAtOnce' });
  });
  after(() => fleet?.close());

  it('refuses a tgz with a ../ entry reaching up to the temporary directory', async () => {
    const marker = `slip-${randomBytes(4).toString('hex')}`;
    const badEntry = `../../../../../${marker}`;
    const bundle = rawTgz([
      { name: 'appspec.yml', type: 'file', content: APPSPEC },
      { name: 'app/version.txt', type: 'file', content: 'v1' },
      { name: badEntry, type: 'file', content: 'escaped' },
    ]);
    await expectRefusedEverywhere(await fleet.deployBundle(GROUP, bundle), badEntry, marker);
  });

  it('refuses a zip with a ../ entry', async () => {
    const marker = `zipslip-${randomBytes(4).toString('hex')}`;
    const badEntry = `../../${marker}`;
    const bundle = await rawZip({ 'appspec.yml': APPSPEC, 'app/version.txt': 'v1', [badEntry]: 'escaped' });
    await expectRefusedEverywhere(await fleet.deployBundle(GROUP, bundle, { bundleType: 'zip' }), badEntry, marker);
  });

  it('refuses a symlink out of the archive and the file meant to be written through it', async () => {
    const marker = `escape-${randomBytes(4).toString('hex')}`;
    const outside = join(fleet.shared, `outside-${randomBytes(4).toString('hex')}`);
    mkdirSync(outside);
    const bundle = rawTgz([
      { name: 'appspec.yml', type: 'file', content: APPSPEC },
      { name: 'app/version.txt', type: 'file', content: 'v1' },
      { name: 'app/link', type: 'symlink', target: outside },
      { name: `app/link/${marker}`, type: 'file', content: 'escaped' },
    ]);
    await expectRefusedEverywhere(await fleet.deployBundle(GROUP, bundle), 'app/link', marker);
    assert.deepEqual(readdirSync(outside), []);
  });
});
