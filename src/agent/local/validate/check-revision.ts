import { readFile, stat, open } from 'node:fs/promises';
import { join } from 'node:path';
import { loadYaml, parseAppSpec, type HookScript, type ServerAppSpec, type SourcePosition } from '../../appspec/index.ts';
import { HOOK_EVENTS } from '../../command-executor.ts';
import type { ProblemSeverity, ValidationProblem } from './validation-problem.ts';

/** The most CodeDeploy allows one lifecycle event (codedeploy-semantics.md); Cutover waits for the declared sum. */
const EVENT_TIME_LIMIT_SECONDS = 3600;

/** What to check: an unpacked revision and how its appspec is named. */
export interface RevisionToCheck {
  /** The revision's root directory (a bundle directory, or an archive unpacked as the agent would). */
  root: string;
  /** How files under the root are named in problems (`app/appspec.yml`, or just `appspec.yml`). */
  displayPath: (relative: string) => string;
  /** `--appspec-filename`; default `appspec.yml`, else `appspec.yaml`. */
  appSpecFilename?: string;
}

/**
 * Checks an unpacked revision the way a deployment would use it: the appspec's every problem
 * (the agent's parser, with line and column), then, from whatever of it could be read, that each
 * hook script exists, is a file, is executable and can be executed (a `#!` line without a
 * carriage return, or a binary), that each `files` source exists, that hook names are ones the
 * agent runs, and that no script's timeout is over CodeDeploy's hour per event.
 * Returns the appspec file checked (if any) and the problems.
 */
export async function checkRevision(revision: RevisionToCheck): Promise<{ appSpecFile?: string; problems: ValidationProblem[] }> {
  const problems: ValidationProblem[] = [];
  const chosen = await chooseAppSpec(revision, problems);
  if (!chosen) return { problems };
  const file = revision.displayPath(chosen);
  const text = await readFile(join(revision.root, chosen), 'utf8');
  const parsed = parseAppSpec(text, { filename: file });
  for (const p of parsed.problems) problems.push({ severity: 'error', file, line: p.line, col: p.col, message: p.message });
  const appSpec = parsed.appSpec ?? parsed.partial;
  if (appSpec) {
    const report = (severity: ProblemSeverity, at: SourcePosition, message: string) => problems.push({ severity, file, line: at.line, col: at.col, message });
    checkHookNames(text, appSpec, report);
    await checkScripts(revision.root, appSpec, report);
    await checkFileSources(revision.root, appSpec, report);
  }
  return { appSpecFile: chosen, problems };
}

type Report = (severity: ProblemSeverity, at: SourcePosition, message: string) => void;

async function chooseAppSpec(revision: RevisionToCheck, problems: ValidationProblem[]): Promise<string | undefined> {
  const { appSpecFilename: explicit } = revision;
  if (explicit !== undefined) {
    if (await isFile(join(revision.root, explicit))) return explicit;
    problems.push({ severity: 'error', file: revision.displayPath(explicit), message: `The bundle has no ${explicit} at its root.` });
    return undefined;
  }
  if (await isFile(join(revision.root, 'appspec.yml'))) return 'appspec.yml';
  if (await isFile(join(revision.root, 'appspec.yaml'))) {
    problems.push({
      severity: 'error', file: revision.displayPath('appspec.yaml'),
      message: 'The bundle has appspec.yaml but no appspec.yml: Install reads appspec.yaml, but hook events read only appspec.yml, so a deployment fails at its first hook event. Rename it to appspec.yml.',
    });
    return 'appspec.yaml';
  }
  problems.push({ severity: 'error', file: revision.displayPath('appspec.yml'), message: 'The bundle has no appspec.yml (or appspec.yaml) at its root.' });
  return undefined;
}

// Unknown hook names are ignored by deployments, which usually means a typo.
function checkHookNames(text: string, appSpec: ServerAppSpec, report: Report): void {
  const root = loadYaml(text).root;
  const hooksNode = root?.kind === 'map' ? root.entries.get('hooks') : undefined;
  for (const event of appSpec.hooks.keys()) {
    if (HOOK_EVENTS.has(event)) continue;
    const at = (hooksNode?.kind === 'map' ? hooksNode.entries.get(event)?.at : undefined) ?? { line: 1, col: 1 };
    report('warning', at, `hooks.${event} is not a lifecycle event the agent runs, so deployments ignore it (cutover local runs it only when given --events ${event}).`);
  }
}

async function checkScripts(root: string, appSpec: ServerAppSpec, report: Report): Promise<void> {
  for (const [event, scripts] of appSpec.hooks) {
    for (const [i, script] of scripts.entries()) {
      const problem = await scriptProblem(join(root, script.location), script);
      if (problem) report('error', script.at, `hooks.${event}[${i}]: ${problem}`);
      if (script.timeoutSeconds > EVENT_TIME_LIMIT_SECONDS) {
        report('warning', script.at, `hooks.${event}[${i}]: a timeout of ${script.timeoutSeconds} seconds is more than the ${EVENT_TIME_LIMIT_SECONDS} seconds CodeDeploy allows one lifecycle event (Cutover's server waits for what the agent declares).`);
      }
    }
  }
}

async function scriptProblem(path: string, script: HookScript): Promise<string | undefined> {
  const stats = await stat(path).catch(() => undefined);
  if (!stats) return `the script ${script.location} does not exist in the bundle.`;
  if (!stats.isFile()) return `${script.location} is not a file.`;
  if ((stats.mode & 0o111) === 0) {
    return `the script ${script.location} is not executable (mode ${(stats.mode & 0o7777).toString(8).padStart(4, '0')}). Set the executable bit before packing (chmod +x; zip on a Unix system so the mode is kept); the agent's chmod +x at deploy time can fail.`;
  }
  return interpreterProblem(await firstBytes(path), script.location);
}

// Without `#!` (or a binary format) the kernel refuses to execute the file (ENOEXEC).
function interpreterProblem(head: Buffer, location: string): string | undefined {
  if (head.subarray(0, 4).equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]))) return undefined;
  if (head.subarray(0, 2).toString('latin1') !== '#!') {
    return `the script ${location} does not start with a #! line (such as #!/bin/bash), so it cannot be executed.`;
  }
  const line = head.toString('latin1').split('\n')[0]!;
  if (line.endsWith('\r')) return `the #! line of ${location} ends with a carriage return (Windows line endings), so the interpreter "${line.slice(2).trim()}\\r" is not found. Convert the script to Unix line endings.`;
  return undefined;
}

async function checkFileSources(root: string, appSpec: ServerAppSpec, report: Report): Promise<void> {
  for (const [i, mapping] of appSpec.files.entries()) {
    const source = mapping.source.trim().replace(/^\/+/, '');
    if (source === '' || (await exists(join(root, source)))) continue;
    report('error', mapping.at, `files[${i}]: the source ${mapping.source} does not exist in the bundle.`);
  }
}

async function firstBytes(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(256);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined;
}
