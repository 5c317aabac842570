import assert from 'node:assert/strict';
import { readdirSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { filesOfDir, startFleet, type Fleet } from '../../support/fleet.ts';
import { freePort, type BundleFiles } from '../../support/s3.ts';

// The sample application (examples/sample-app, the quick start's: files, permissions and the five
// lifecycle scripts, python3 -m http.server in place of Apache) on three real agents, each
// serving on its own port. v1 deploys and serves its page; a broken v2 (no health endpoint)
// fails ValidateService, and the automatic rollback serves v1 again on every host.

const FIXTURE = resolve(import.meta.dirname, '..', '..', '..', 'examples', 'sample-app');
const GROUP = 'sample-app';

let fleet: Fleet;
const ports = new Map<string, number>();

async function get(host: string, path: string): Promise<{ status: number; body: string }> {
  const res = await fetch(`http://127.0.0.1:${ports.get(host)}${path}`);
  return { status: res.status, body: await res.text() };
}

/** Kills every process whose working directory is inside one of the fleet's host directories. */
function killHostProcesses(): void {
  const dirs = fleet?.hosts.map((h) => h.dir) ?? [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      if (dirs.some((d) => cwd === d || cwd.startsWith(`${d}/`)) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('http.server')) {
        process.kill(Number(pid), 'SIGKILL');
      }
    } catch {
      // Gone, or not ours to read.
    }
  }
}

describe('the sample application on a fleet of three real agents', () => {
  before(async () => {
    fleet = await startFleet({ name: 'sample', hosts: 3 });
    for (const host of fleet.hosts) {
      ports.set(host.name, await freePort());
      writeFileSync(join(host.dir, 'sample-app.port'), String(ports.get(host.name)));
    }
    await fleet.givenGroup(GROUP, { autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_FAILURE'] } });
  });
  after(async () => {
    killHostProcesses();
    await fleet?.close();
  });

  it('deploys v1: files installed with their permissions, configured, and the page served on every host', async () => {
    const deploymentId = await fleet.deploy(GROUP, filesOfDir(FIXTURE));
    const info = await fleet.waitForEnd(deploymentId);
    assert.equal(info.status, 'Succeeded', `${JSON.stringify(info.errorInformation)}\n${fleet.agentOutput()}`);
    for (const host of fleet.hosts) {
      const page = await get(host.name, '/');
      assert.equal(page.status, 200);
      assert.match(page.body, /<p>Release: v1<\/p>/);
      assert.equal((await get(host.name, '/deployment.txt')).body.trim(), deploymentId, 'configure_application.sh ran');
      assert.match(fleet.readHostFile(host.name, 'etc/runtime.env')!, /^GREETING='Hello from the Cutover sample app'$/m);
      assert.match(fleet.readHostFile(host.name, 'run/http.pid') ?? '', /^\d+\n$/);
      assert.equal(statSync(join(host.dir, 'www', 'index.html')).mode & 0o777, 0o644);
      assert.equal(statSync(join(host.dir, 'etc', 'app.conf')).mode & 0o777, 0o600);
    }
    const events = (await fleet.targets(deploymentId))[0]!.lifecycleEvents!;
    assert.deepEqual(events.map((e) => e.status), ['Succeeded', 'Succeeded', 'Succeeded', 'Succeeded', 'Succeeded', 'Succeeded', 'Succeeded']);
  });

  it('rolls a broken v2 back to v1: ValidateService fails on the first host, and every host serves v1 again', async () => {
    const v2: BundleFiles = { ...filesOfDir(FIXTURE) };
    v2['src/index.html'] = (v2['src/index.html'] as { content: string }).content.replace('Release: v1', 'Release: v2');
    delete v2['src/health.html'];
    const deploymentId = await fleet.deploy(GROUP, v2);
    const failed = await fleet.waitForEnd(deploymentId);
    assert.equal(failed.status, 'Failed');
    assert.equal(failed.errorInformation?.code, 'HEALTH_CONSTRAINTS');
    const broken = (await fleet.targets(deploymentId)).find((t) => t.status === 'Failed')!;
    const validate = broken.lifecycleEvents!.find((e) => e.lifecycleEventName === 'ValidateService')!;
    assert.equal(validate.diagnostics?.scriptName, 'scripts/validate_service.sh');
    assert.match(validate.diagnostics?.logTail ?? '', /service validation failed after 20 attempts/);

    const rollbackId = failed.rollbackInfo!.rollbackDeploymentId!;
    const rollback = await fleet.waitForEnd(rollbackId);
    assert.equal(rollback.status, 'Succeeded', `${JSON.stringify(rollback.errorInformation)}\n${fleet.agentOutput()}`);
    assert.equal(rollback.creator, 'codeDeployRollback');
    for (const host of fleet.hosts) {
      const page = await get(host.name, '/');
      assert.match(page.body, /<p>Release: v1<\/p>/, `${host.name} serves v1 again`);
      assert.equal((await get(host.name, '/health.html')).status, 200);
      assert.equal((await get(host.name, '/deployment.txt')).body.trim(), rollbackId);
    }
  });
});
