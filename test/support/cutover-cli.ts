import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { BundleFiles } from './s3.ts';

const CUTOVER = resolve(import.meta.dirname, '..', '..', 'bin', 'cutover');

/** What a finished `cutover` process left: exit code and both outputs. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Where the CLI finds its server and as whom it signs. */
export interface CliTarget {
  url: string;
  credentialsFile: string;
}

/**
 * Runs `bin/cutover <args> --endpoint-url <server>` as a process (stdout and stderr are pipes,
 * so it is not a terminal), signing with the server's admin credentials file unless `env`
 * says otherwise. Colour settings of the test run are removed so output is what a pipe gets.
 */
export function runCutover(server: CliTarget, args: string[], env: Record<string, string> = {}, options: { timeoutMs?: number } = {}): Promise<CliResult> {
  const base = { ...process.env };
  delete base.FORCE_COLOR;
  delete base.NO_COLOR;
  delete base.AWS_ENDPOINT_URL_S3;
  return new Promise((done) => {
    execFile(CUTOVER, [...args, '--endpoint-url', server.url], {
      timeout: options.timeoutMs ?? 90_000, maxBuffer: 16 * 1024 * 1024,
      env: { ...base, AWS_SHARED_CREDENTIALS_FILE: server.credentialsFile, AWS_CONFIG_FILE: '/dev/null', AWS_PROFILE: '', AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', ...env },
    }, (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }));
  });
}

/** Writes bundle files (paths relative to the bundle root, modes kept) into `dir`. */
export function writeBundleDir(dir: string, files: BundleFiles): string {
  for (const [path, file] of Object.entries(files)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    const { content, mode } = typeof file === 'string' ? { content: file, mode: 0o644 } : file;
    writeFileSync(full, content, { mode });
  }
  return dir;
}

/** True when text holds a terminal control sequence (colour, cursor movement). */
export function hasEscapeCodes(text: string): boolean {
  return text.includes('\x1b');
}
