import { parseFiles } from './files.ts';
import { parseHooks } from './hooks.ts';
import { APPSPEC_MESSAGES } from './messages.ts';
import { parsePermissions } from './permissions.ts';
import { ProblemSink, type AppSpecProblem } from './problems.ts';
import { rubyToS } from './ruby-values.ts';
import { describeNode, field } from './shape.ts';
import { FILE_EXISTS_BEHAVIORS, type AppSpecOs, type FileExistsBehavior, type ServerAppSpec } from './types.ts';
import { loadYaml, type YMap, type YNode } from './yaml-tree.ts';

/** Options of {@link parseAppSpec}. */
export interface ParseAppSpecOptions {
  /** Name used in problem locations (`appspec.yml:12:5: ...`); defaults to `appspec.yml`. */
  readonly filename?: string;
}

/** The outcome of {@link parseAppSpec}: an appspec when there are no problems, else every problem. */
export interface AppSpecParse {
  readonly appSpec?: ServerAppSpec;
  readonly problems: readonly AppSpecProblem[];
  /**
   * When there are problems but the file is a YAML mapping: what could be read anyway (entries
   * with problems left out), so a validator can still check the rest, e.g. that hook scripts
   * exist. Never deploy from it.
   */
  readonly partial?: ServerAppSpec;
}

/** The operating system Cutover's agent runs on; the appspec must name it. */
const HOST_OS: AppSpecOs = 'linux';

/**
 * Parses and validates an EC2/on-premises appspec the way the official agent's loader does
 * (YAML 1.1, its exact messages), but collects every problem instead of stopping at the first.
 * Problems are listed in the order the official agent checks: version, os,
 * file_exists_behavior, hooks, files, permissions. Never throws.
 */
export function parseAppSpec(text: string, options: ParseAppSpecOptions = {}): AppSpecParse {
  const sink = new ProblemSink({ filename: options.filename ?? 'appspec.yml' });
  const loaded = loadYaml(text);
  for (const problem of loaded.problems) sink.report(problem.message, problem.at);
  if (loaded.problems.length > 0) return { problems: sink.problems };
  if (!loaded.root) {
    sink.report(APPSPEC_MESSAGES.emptyFile(), { line: 1, col: 1 });
    return { problems: sink.problems };
  }
  if (loaded.root.kind !== 'map') {
    sink.report(APPSPEC_MESSAGES.wrongShape('the top level', 'a mapping', describeNode(loaded.root)), loaded.root.at);
    return { problems: sink.problems };
  }
  const appSpec = readRoot(loaded.root, sink);
  return sink.problems.length > 0 ? { problems: sink.problems, partial: appSpec } : { appSpec, problems: [] };
}

/** Thrown by {@link parseAppSpecOrThrow}; its message is the first problem's located text. */
export class AppSpecError extends Error {
  override name = 'AppSpecError';
  readonly problems: readonly AppSpecProblem[];

  constructor(problems: readonly AppSpecProblem[]) {
    super(problems[0]?.text ?? 'invalid appspec');
    this.problems = problems;
  }

  /** The first problem's message alone, word for word as the official agent reports it. */
  get officialMessage(): string {
    return this.problems[0]?.message ?? this.message;
  }
}

/** Parses an appspec, throwing an {@link AppSpecError} listing every problem if it is invalid. */
export function parseAppSpecOrThrow(text: string, options: ParseAppSpecOptions = {}): ServerAppSpec {
  const { appSpec, problems } = parseAppSpec(text, options);
  if (!appSpec) throw new AppSpecError(problems);
  return appSpec;
}

function readRoot(root: YMap, sink: ProblemSink): ServerAppSpec {
  checkVersion(root, sink);
  const os = readOs(root, sink);
  const fileExistsBehavior = readFileExistsBehavior(field(root, 'file_exists_behavior'), sink);
  return {
    version: 0,
    os: os ?? HOST_OS,
    ...(fileExistsBehavior ? { fileExistsBehavior } : {}),
    hooks: parseHooks(field(root, 'hooks'), sink),
    files: parseFiles(field(root, 'files'), sink),
    permissions: parsePermissions(field(root, 'permissions'), os, sink),
  };
}

// Only a YAML number equal to 0 passes (`0.0` or `0`); the quoted string '0.0' does not.
function checkVersion(root: YMap, sink: ProblemSink): void {
  const node = root.entries.get('version');
  if (node?.kind === 'scalar' && typeof node.value === 'number' && node.value === 0) return;
  sink.report(APPSPEC_MESSAGES.invalidVersion(rubyToS(node)), node?.at ?? root.at);
}

// Returns the os when it is a known one, so later checks (permissions on windows) can use it.
function readOs(root: YMap, sink: ProblemSink): AppSpecOs | undefined {
  const node = root.entries.get('os');
  const text = node?.kind === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
  if (text === HOST_OS) return HOST_OS;
  sink.report(APPSPEC_MESSAGES.unsupportedOs(rubyToS(node)), node?.at ?? root.at);
  return text === 'windows' ? 'windows' : undefined;
}

function readFileExistsBehavior(node: YNode | undefined, sink: ProblemSink): FileExistsBehavior | undefined {
  if (node === undefined) return undefined;
  const text = node.kind === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
  const known = FILE_EXISTS_BEHAVIORS.find((b) => b === text);
  if (!known) sink.report(APPSPEC_MESSAGES.invalidFileExistsBehavior(rubyToS(node)), node.at);
  return known;
}
