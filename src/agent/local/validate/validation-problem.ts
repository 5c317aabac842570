/** How bad a problem is: errors fail `cutover validate` (exit 1); warnings alone do not. */
export type ProblemSeverity = 'error' | 'warning';

/** One thing `cutover validate` found, located as precisely as it can be. */
export interface ValidationProblem {
  readonly severity: ProblemSeverity;
  /** The file at fault: the appspec (as a path under the bundle), or the bundle itself. */
  readonly file: string;
  /** 1-based line and column in `file`, when the problem has a place in it. */
  readonly line?: number;
  readonly col?: number;
  readonly message: string;
}

/** Everything `cutover validate` found in one bundle. */
export interface ValidationReport {
  /** True when there is no error (warnings allowed). */
  readonly valid: boolean;
  /** The bundle as given. */
  readonly bundle: string;
  /** `directory`, `zip`, `tar` or `tgz`. */
  readonly bundleType: string;
  /** The appspec checked, relative to the bundle root; absent when none was found. */
  readonly appSpecFile?: string;
  readonly errors: number;
  readonly warnings: number;
  /** By file, then line and column; problems without a place first. */
  readonly problems: readonly ValidationProblem[];
}

/** Builds the report from the problems found, sorting them for reading. */
export function buildReport(parts: { bundle: string; bundleType: string; appSpecFile?: string; problems: ValidationProblem[] }): ValidationReport {
  const problems = [...parts.problems].sort(byPlace);
  const errors = problems.filter((p) => p.severity === 'error').length;
  return {
    valid: errors === 0, bundle: parts.bundle, bundleType: parts.bundleType,
    ...(parts.appSpecFile ? { appSpecFile: parts.appSpecFile } : {}),
    errors, warnings: problems.length - errors, problems,
  };
}

function byPlace(a: ValidationProblem, b: ValidationProblem): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0);
}
