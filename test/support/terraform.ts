import { spawn } from 'node:child_process';
import { accessSync, constants, cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** Where the installed Terraform and a local aws provider mirror were found, or why not. */
export type TerraformSetup =
  | { ok: true; terraformPath: string; mirrorDir: string }
  | { ok: false; reason: string };

/** Roots searched for a provider mirror; CUTOVER_TF_PLUGIN_MIRROR overrides them. */
const MIRROR_ROOTS = ['/opt/tf-plugins', '/usr/share/terraform/plugins', '/usr/local/share/terraform/plugins'];

const AWS_PROVIDER = join('registry.terraform.io', 'hashicorp', 'aws');

/** Terraform's name for this machine's platform, e.g. `linux_amd64`. */
const PLATFORM = `${process.platform}_${({ x64: 'amd64', ia32: '386' } as Record<string, string>)[process.arch] ?? process.arch}`;

/** One terraform run: its exit code and output. */
export interface TerraformResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** True when the run was killed for exceeding its timeout. */
  timedOut: boolean;
}

/** Options of a throwaway Terraform working directory. */
export interface TerraformWorkspaceOptions {
  setup: { terraformPath: string; mirrorDir: string };
  /** A directory of `.tf` files, copied into the workspace. */
  fixtureDir: string;
  /** Input variables, passed as TF_VAR_<name>. */
  vars: Record<string, string>;
}

/**
 * Finds `terraform` on PATH and an unpacked filesystem mirror holding the aws provider, so the
 * suite can run with no network. Never throws: a missing piece is a reason to skip.
 */
export function locateTerraform(): TerraformSetup {
  const terraformPath = findOnPath('terraform');
  if (!terraformPath) return { ok: false, reason: 'terraform is not on PATH' };
  const roots = process.env.CUTOVER_TF_PLUGIN_MIRROR ? [process.env.CUTOVER_TF_PLUGIN_MIRROR] : MIRROR_ROOTS;
  const mirrorDir = roots.find(hasAwsProvider);
  if (!mirrorDir) return { ok: false, reason: `no aws provider mirror under ${roots.join(', ')} (set CUTOVER_TF_PLUGIN_MIRROR)` };
  return { ok: true, terraformPath, mirrorDir };
}

/**
 * A temporary Terraform working directory: the fixture's files, a CLI config that installs
 * providers only from the local mirror, its own data directory and HOME, and an environment
 * stripped of the caller's AWS settings so nothing but the given variables reaches the provider.
 */
export class TerraformWorkspace {
  readonly dir: string;
  #root: string;
  #options: TerraformWorkspaceOptions;

  constructor(options: TerraformWorkspaceOptions) {
    this.#options = options;
    this.#root = mkdtempSync(join(tmpdir(), 'cutover-tf-'));
    this.dir = join(this.#root, 'work');
    cpSync(options.fixtureDir, this.dir, { recursive: true });
    writeFileSync(join(this.#root, 'cli.tfrc'), cliConfig(options.setup.mirrorDir));
  }

  /** Runs `terraform <args>` in the workspace; kills it (and its provider) after `timeoutMs`. */
  run(args: string[], options: { timeoutMs?: number } = {}): Promise<TerraformResult> {
    const child = spawn(this.#options.setup.terraformPath, args, {
      cwd: this.dir, env: this.#env(), detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    });
    return collect(child, options.timeoutMs ?? 120_000);
  }

  /** Runs terraform and throws with its full output unless it exits 0. */
  async mustRun(args: string[], options: { timeoutMs?: number } = {}): Promise<TerraformResult> {
    const result = await this.run(args, options);
    if (result.code !== 0) throw new Error(describeFailure(args, result));
    return result;
  }

  /** Deletes the workspace, state included. */
  dispose(): void {
    rmSync(this.#root, { recursive: true, force: true });
  }

  #env(): Record<string, string> {
    const vars = Object.entries(this.#options.vars).map(([k, v]) => [`TF_VAR_${k}`, v]);
    return {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: this.#root,
      TF_CLI_CONFIG_FILE: join(this.#root, 'cli.tfrc'),
      TF_DATA_DIR: join(this.#root, 'tf-data'),
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      // No version check against the network.
      CHECKPOINT_DISABLE: '1',
      AWS_EC2_METADATA_DISABLED: 'true',
      ...(process.env.CUTOVER_TF_LOG ? { TF_LOG: process.env.CUTOVER_TF_LOG } : {}),
      ...Object.fromEntries(vars),
    };
  }
}

/** Renders a failed run for an assertion message: the command, exit code and both streams. */
export function describeFailure(args: string[], result: TerraformResult): string {
  const how = result.timedOut ? 'timed out' : `exited ${result.code}`;
  return `terraform ${args.join(' ')} ${how}\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`;
}

function cliConfig(mirrorDir: string): string {
  return [
    'provider_installation {',
    '  filesystem_mirror {',
    `    path    = ${JSON.stringify(mirrorDir)}`,
    '    include = ["registry.terraform.io/hashicorp/*"]',
    '  }',
    '}',
    '',
  ].join('\n');
}

function collect(child: ReturnType<typeof spawn>, timeoutMs: number): Promise<TerraformResult> {
  let stdout = '';
  let stderr = '';
  let timedOut = false;
  child.stdout!.on('data', (c) => (stdout += c));
  child.stderr!.on('data', (c) => (stderr += c));
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(child.pid!, 'SIGTERM');
    // Terraform forwards SIGTERM to the provider and waits; a hung provider gets SIGKILL.
    setTimeout(() => killGroup(child.pid!, 'SIGKILL'), 5000).unref();
  }, timeoutMs);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

function hasAwsProvider(root: string): boolean {
  const dir = join(root, AWS_PROVIDER);
  if (!existsSync(dir)) return false;
  return readdirSync(dir).some((version) =>
    existsSync(join(dir, version, PLATFORM)) &&
    readdirSync(join(dir, version, PLATFORM)).some((f) => f.startsWith('terraform-provider-aws')));
}

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this directory.
    }
  }
  return undefined;
}
