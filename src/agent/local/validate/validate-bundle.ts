import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BundleError, DEFAULT_BUNDLE_LIMITS, extractBundle, type BundleType } from '../../bundle/index.ts';
import { checkRevision } from './check-revision.ts';
import { buildReport, type ValidationProblem, type ValidationReport } from './validation-problem.ts';

/** What `cutover validate` checks. */
export interface ValidateBundleRequest {
  /** A bundle directory, or a zip, tar or tgz file. */
  path: string;
  /** `zip`, `tar`, `tgz` or `directory`; default: a directory, else guessed from the file's first bytes. */
  type?: string;
  /** `--appspec-filename`; default `appspec.yml`, else `appspec.yaml`. */
  appSpecFilename?: string;
}

/**
 * Checks a bundle without deploying it (`cutover validate`). An archive is unpacked into a
 * temporary directory by the agent's own extractor (so an entry the agent would refuse, such as
 * `../x`, is reported here too, and a lone top-level folder is stripped as the agent strips it),
 * then the revision is checked as a deployment would use it. Never throws for a bad bundle:
 * every problem is in the report.
 */
export async function validateBundle(request: ValidateBundleRequest): Promise<ValidationReport> {
  const stats = await stat(request.path).catch(() => undefined);
  if (!stats) return failed(request, 'unknown', 'The bundle does not exist.');
  if (stats.isDirectory()) {
    const checked = await checkRevision({ root: request.path, displayPath: (rel) => join(request.path, rel), ...appSpecName(request) });
    return buildReport({ bundle: request.path, bundleType: 'directory', ...checked });
  }
  const bundleType = request.type ?? (await sniffArchiveType(request.path));
  const scratch = await mkdtemp(join(tmpdir(), 'cutover-validate-'));
  try {
    const archiveDir = join(scratch, 'deployment-archive');
    try {
      await extractBundle({ bundleFile: request.path, archiveDir, bundleType, limits: DEFAULT_BUNDLE_LIMITS });
    } catch (err) {
      if (!(err instanceof BundleError)) throw err;
      return failed(request, bundleType, `The ${bundleType} bundle cannot be unpacked: ${err.message}`);
    }
    const checked = await checkRevision({ root: archiveDir, displayPath: (rel) => rel, ...appSpecName(request) });
    return buildReport({ bundle: request.path, bundleType, ...checked });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

function appSpecName(request: ValidateBundleRequest): { appSpecFilename?: string } {
  return request.appSpecFilename ? { appSpecFilename: request.appSpecFilename } : {};
}

function failed(request: ValidateBundleRequest, bundleType: string, message: string): ValidationReport {
  const problem: ValidationProblem = { severity: 'error', file: request.path, message };
  return buildReport({ bundle: request.path, bundleType, problems: [problem] });
}

// zip: "PK\3\4" (or "PK\5\6", an empty zip); gzip: 1f 8b; anything else is taken for tar.
async function sniffArchiveType(path: string): Promise<BundleType> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    await handle.read(head, 0, 4, 0);
    if (head[0] === 0x50 && head[1] === 0x4b) return 'zip';
    if (head[0] === 0x1f && head[1] === 0x8b) return 'tgz';
    return 'tar';
  } finally {
    await handle.close();
  }
}
