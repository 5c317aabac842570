import { mkdir, mkdtemp, rm, symlink, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DeploymentRootLayout } from '../../src/agent/layout.ts';
import assert from 'node:assert/strict';
import { InstallError } from '../../src/agent/install/install-error.ts';
import { runInstall, type RunInstallOptions } from '../../src/agent/install/run-install.ts';

/** A revision entry for {@link TestHost.unpack}: file content, or a symlink, or a file with a mode. */
export type RevisionEntry = string | { readonly symlink: string } | { readonly content: string; readonly mode: number };

/**
 * A throwaway "host" for Install tests: a deployment root and a directory that appspec
 * destinations point into, both under one mkdtemp directory that the test's `after` removes.
 * Not part of the agent: test support only.
 */
export class TestHost {
  readonly root: string;
  readonly layout: DeploymentRootLayout;
  /** Where test appspecs install to (stands in for `/opt`, `/var/www`, ...). */
  readonly target: string;
  readonly groupId: string;

  constructor(options: { base: string; groupId: string }) {
    this.root = join(options.base, 'deployment-root');
    this.layout = new DeploymentRootLayout({ root: this.root });
    this.target = join(options.base, 'host');
    this.groupId = options.groupId;
  }

  /** Creates a host; `register` receives its cleanup (pass `(fn) => t.after(fn)`). */
  static async create(register: (cleanup: () => Promise<void>) => void, groupId = 'dg-test'): Promise<TestHost> {
    const base = await mkdtemp(join(tmpdir(), 'cutover-install-'));
    register(() => rm(base, { recursive: true, force: true }));
    const host = new TestHost({ base, groupId });
    await mkdir(host.target, { recursive: true });
    return host;
  }

  /** Writes a revision's files into the deployment's archive directory, as DownloadBundle leaves it. */
  async unpack(deploymentId: string, entries: Readonly<Record<string, RevisionEntry>>, groupId = this.groupId): Promise<string> {
    const archive = this.layout.archiveDir(groupId, deploymentId);
    await mkdir(archive, { recursive: true });
    for (const [path, entry] of Object.entries(entries)) await writeEntry(join(archive, path), entry);
    return archive;
  }

  /** Unpacks a revision and runs Install on it. */
  async install(
    deploymentId: string,
    entries: Readonly<Record<string, RevisionEntry>>,
    options: Partial<RunInstallOptions> = {},
  ): Promise<void> {
    const groupId = options.groupId ?? this.groupId;
    await this.unpack(deploymentId, entries, groupId);
    await runInstall({ layout: this.layout, groupId, deploymentId, ...options });
  }

  /** A path under the target directory. */
  at(...parts: string[]): string {
    return join(this.target, ...parts);
  }
}

async function writeEntry(path: string, entry: RevisionEntry): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  if (typeof entry === 'string') return writeFile(path, entry);
  if ('symlink' in entry) return symlink(entry.symlink, path);
  await writeFile(path, entry.content);
  await chmod(path, entry.mode);
}

/** Runs `fn` and returns the InstallError it throws; fails the test when it throws nothing else. */
export async function installError(fn: () => Promise<void>): Promise<InstallError> {
  try {
    await fn();
  } catch (err) {
    assert.ok(err instanceof InstallError, `expected an InstallError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected Install to fail');
}
