import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';

/** One finished `aws` run: exit code, output, and stdout parsed as JSON when it is JSON. */
export interface AwsCliResult {
  code: number;
  stdout: string;
  stderr: string;
  json: any;
}

/** Where the CLI talks to and as whom. */
export interface AwsCliOptions {
  url: string;
  credentialsFile: string;
  /** Most `aws` processes alive at once; each start costs ~0.5 s of CPU on this machine. */
  concurrency?: number;
}

/**
 * Runs the aws CLI v1 (`aws deploy …`) against a Cutover server exactly as a user would: the
 * server's admin-credentials file, no config file, JSON output. Calls may be started
 * concurrently; a small limiter keeps the 2-core machine from thrashing.
 */
export class AwsCli {
  readonly #options: AwsCliOptions;
  readonly #queue: (() => void)[] = [];
  #running = 0;

  constructor(options: AwsCliOptions) {
    this.#options = options;
  }

  /** Runs `aws deploy <args…>` and returns whatever happened. */
  async deploy(args: string[]): Promise<AwsCliResult> {
    await this.#acquire();
    try {
      return await runAws(['deploy', ...args, '--endpoint-url', this.#options.url, '--output', 'json'], this.#options.credentialsFile);
    } finally {
      this.#release();
    }
  }

  /** Runs a call that must succeed and returns its parsed JSON output ({} when it prints nothing). */
  async ok(args: string[]): Promise<any> {
    const r = await this.deploy(args);
    assert.equal(r.code, 0, `aws deploy ${args.join(' ')} failed (${r.code}):\n${r.stderr}`);
    return r.json ?? {};
  }

  /**
   * Runs a call that must fail with the given AWS exception name (or `A|B` when AWS documents
   * either) and a non-zero exit code.
   */
  async fails(args: string[], errorName: string): Promise<AwsCliResult> {
    const r = await this.deploy(args);
    assert.notEqual(r.code, 0, `aws deploy ${args.join(' ')} succeeded; expected ${errorName}:\n${r.stdout}`);
    assert.match(r.stderr, new RegExp(`An error occurred \\((?:${errorName})\\)`),
      `aws deploy ${args.join(' ')}: expected ${errorName}, got:\n${r.stderr}`);
    return r;
  }

  async #acquire(): Promise<void> {
    if (this.#running < (this.#options.concurrency ?? 4)) {
      this.#running++;
      return;
    }
    await new Promise<void>((resolve) => this.#queue.push(resolve));
  }

  #release(): void {
    const next = this.#queue.shift();
    if (next) next();
    else this.#running--;
  }
}

/** Runs the aws CLI with a shared-credentials file and no config file. */
export function runAws(args: string[], credentialsFile: string): Promise<AwsCliResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_SHARED_CREDENTIALS_FILE: credentialsFile, AWS_CONFIG_FILE: '/dev/null', AWS_PAGER: '' };
  for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_DEFAULT_PROFILE']) delete env[name];
  return new Promise((resolve, reject) => {
    const child = spawn(awsExecutable(), args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr, json: parseJson(stdout) }));
  });
}

let resolvedAws: string | undefined;

/**
 * The aws executable. A pyenv shim adds ~0.5 s per call (it starts bash and pyenv first), so the
 * real path behind the shim is used when pyenv is there; AWS_CLI overrides both.
 */
export function awsExecutable(): string {
  if (process.env.AWS_CLI) return process.env.AWS_CLI;
  resolvedAws ??= behindPyenvShim('aws');
  return resolvedAws;
}

/** The real path of a pyenv-shimmed command, or the command itself. */
export function behindPyenvShim(command: string): string {
  try {
    return execFileSync('pyenv', ['which', command], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || command;
  } catch {
    return command;
  }
}

function parseJson(text: string): any {
  try {
    return text.trim() ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
