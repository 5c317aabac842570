/** `cutover validate`: appspec and bundle checks without deploying. */
export { formatReport, formatReportJson } from './report.ts';
export { validateBundle, type ValidateBundleRequest } from './validate-bundle.ts';
export type { ProblemSeverity, ValidationProblem, ValidationReport } from './validation-problem.ts';
