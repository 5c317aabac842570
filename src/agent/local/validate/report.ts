import type { ValidationProblem, ValidationReport } from './validation-problem.ts';

const STYLES = { red: '\u001b[31m', yellow: '\u001b[33m', green: '\u001b[32m', bold: '\u001b[1m', reset: '\u001b[0m' } as const;

/**
 * The human form of a validation report: one `file:line:col: error: message` line per problem,
 * as compilers print them so editors and terminals can jump to the place, then a summary line.
 * `color` adds ANSI colours (for a terminal).
 */
export function formatReport(report: ValidationReport, options: { color: boolean }): string {
  const paint = (style: keyof typeof STYLES, text: string) => (options.color ? `${STYLES[style]}${text}${STYLES.reset}` : text);
  const lines = report.problems.map((p) => {
    const label = p.severity === 'error' ? paint('red', 'error') : paint('yellow', 'warning');
    return `${paint('bold', placeOf(p))}: ${label}: ${p.message}`;
  });
  lines.push(summary(report, paint));
  return `${lines.join('\n')}\n`;
}

/** The JSON form (`--output json`): the report as is, with a trailing newline. */
export function formatReportJson(report: ValidationReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

function placeOf(problem: ValidationProblem): string {
  return problem.line === undefined ? problem.file : `${problem.file}:${problem.line}:${problem.col}`;
}

function summary(report: ValidationReport, paint: (style: keyof typeof STYLES, text: string) => string): string {
  const what = `${report.bundle} (${report.bundleType}${report.appSpecFile ? `, ${report.appSpecFile}` : ''})`;
  if (report.valid && report.warnings === 0) return paint('green', `valid: ${what}`);
  const counts = `${plural(report.errors, 'error')}, ${plural(report.warnings, 'warning')}`;
  return report.valid ? paint('yellow', `valid with ${counts}: ${what}`) : paint('red', `invalid, ${counts}: ${what}`);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
