import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { recoverInterruptedCommand } from './crash-recovery.ts';
import { SILENT_AGENT_LOG } from './command-log.ts';
import type { HookDiagnostics } from './hooks/index.ts';
import { DeploymentRootLayout } from './layout.ts';
import { RECOVERY_MAX_AGE_MS, writeTrackingFile, type InterruptedCommand } from './ongoing-deployment.ts';

let root: string;
let layout: DeploymentRootLayout;

function recorder() {
  const reported: { command: InterruptedCommand; diagnostics: HookDiagnostics }[] = [];
  return { reported, report: async (command: InterruptedCommand, diagnostics: HookDiagnostics) => void reported.push({ command, diagnostics }) };
}

async function trackingFile(deploymentId: string, hostCommandId: string, ageMs: number): Promise<void> {
  await writeTrackingFile(layout, deploymentId, hostCommandId);
  const when = new Date(Date.now() - ageMs);
  utimesSync(layout.ongoingFile(deploymentId), when, when);
}

describe('crash recovery at agent start', () => {
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'cutover-recovery-'));
    layout = new DeploymentRootLayout({ root });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('reports the newest recent tracking file failed with code 7 and the official message, then clears the directory', async () => {
    await trackingFile('d-OLDER0001', 'hc-older', 60_000);
    await trackingFile('d-NEWER0001', 'hc-newer', 1_000);
    const { reported, report } = recorder();
    const recovered = await recoverInterruptedCommand({ layout, nowMs: Date.now(), report, log: SILENT_AGENT_LOG });
    assert.deepEqual(recovered, { deploymentId: 'd-NEWER0001', hostCommandId: 'hc-newer' });
    assert.deepEqual(reported, [{
      command: { deploymentId: 'd-NEWER0001', hostCommandId: 'hc-newer' },
      diagnostics: { error_code: 7, script_name: '', message: 'Failed: Failing in-progress lifecycle event after an agent restart.', log: '' },
    }]);
    assert.equal(existsSync(join(root, 'ongoing-deployment')), false);
  });

  it('reports nothing for a tracking file older than 24 hours, and still clears it', async () => {
    await trackingFile('d-STALE0001', 'hc-stale', RECOVERY_MAX_AGE_MS + 60_000);
    const { reported, report } = recorder();
    assert.equal(await recoverInterruptedCommand({ layout, nowMs: Date.now(), report, log: SILENT_AGENT_LOG }), undefined);
    assert.deepEqual(reported, []);
    assert.equal(existsSync(join(root, 'ongoing-deployment')), false);
  });

  it('does nothing on a clean start', async () => {
    const { reported, report } = recorder();
    assert.equal(await recoverInterruptedCommand({ layout, nowMs: Date.now(), report, log: SILENT_AGENT_LOG }), undefined);
    assert.deepEqual(reported, []);
  });

  it('keeps the tracking file when the report fails, so the next start tries again', async () => {
    await trackingFile('d-KEPT00001', 'hc-kept', 1_000);
    const failing = async () => {
      throw new Error('server unreachable');
    };
    await assert.rejects(recoverInterruptedCommand({ layout, nowMs: Date.now(), report: failing, log: SILENT_AGENT_LOG }), /server unreachable/);
    assert.ok(existsSync(layout.ongoingFile('d-KEPT00001')));
  });
});
