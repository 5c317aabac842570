import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { after, describe, it } from 'node:test';
import { join } from 'node:path';
import { DeploymentRootLayout } from '../layout.ts';
import { pruneRevisions } from './prune-revisions.ts';

const GROUP = 'dg-1';
const roots: string[] = [];
after(async () => {
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

/** A deployment root holding `ids` as deployment directories, oldest first. */
async function rootWith(ids: string[], lastSuccessful?: string): Promise<DeploymentRootLayout> {
  const root = await mkdtemp(join(tmpdir(), 'cutover-prune-'));
  roots.push(root);
  const layout = new DeploymentRootLayout({ root });
  for (const [i, id] of ids.entries()) {
    const dir = layout.deploymentDir(GROUP, id);
    await mkdir(join(dir, 'deployment-archive'), { recursive: true });
    const when = new Date(Date.UTC(2026, 0, 1 + i));
    await utimes(dir, when, when);
  }
  if (lastSuccessful) {
    await mkdir(layout.instructionsDir(), { recursive: true });
    await writeFile(layout.lastSuccessfulInstallFile(GROUP), layout.deploymentDir(GROUP, lastSuccessful));
  }
  return layout;
}

async function remaining(layout: DeploymentRootLayout): Promise<string[]> {
  return (await readdir(layout.groupDir(GROUP))).sort();
}

describe('pruneRevisions', () => {
  it('keeps the last successful install, the previous one and the current one with max_revisions 3', async () => {
    const layout = await rootWith(['d-A', 'd-B', 'd-C', 'd-D'], 'd-B');
    const deleted = await pruneRevisions({ layout, groupId: GROUP, deploymentId: 'd-D', maxRevisions: 3 });
    assert.deepEqual(deleted, [layout.deploymentDir(GROUP, 'd-A')]);
    assert.deepEqual(await remaining(layout), ['d-B', 'd-C', 'd-D']);
  });

  it('never deletes the last successful install even when it is the oldest', async () => {
    const layout = await rootWith(['d-A', 'd-B', 'd-C', 'd-D'], 'd-A');
    await pruneRevisions({ layout, groupId: GROUP, deploymentId: 'd-E', maxRevisions: 2 });
    assert.deepEqual(await remaining(layout), ['d-A']);
  });

  it('counts the current deployment even before its directory exists', async () => {
    const layout = await rootWith(['d-A', 'd-B', 'd-C']);
    await pruneRevisions({ layout, groupId: GROUP, deploymentId: 'd-D', maxRevisions: 3 });
    assert.deepEqual(await remaining(layout), ['d-B', 'd-C']);
  });

  it('deletes nothing while the group is under the limit, or has no directory yet', async () => {
    const layout = await rootWith(['d-A', 'd-B']);
    assert.deepEqual(await pruneRevisions({ layout, groupId: GROUP, deploymentId: 'd-C', maxRevisions: 5 }), []);
    assert.deepEqual(await pruneRevisions({ layout, groupId: 'dg-empty', deploymentId: 'd-C', maxRevisions: 1 }), []);
    assert.deepEqual(await remaining(layout), ['d-A', 'd-B']);
  });

  it('refuses a max_revisions that is not an integer of at least 1', async () => {
    const layout = await rootWith([]);
    for (const maxRevisions of [0, -1, 2.5, Number.NaN]) {
      await assert.rejects(pruneRevisions({ layout, groupId: GROUP, deploymentId: 'd-A', maxRevisions }), RangeError);
    }
  });
});
