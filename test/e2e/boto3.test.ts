import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { behindPyenvShim } from '../support/aws-cli.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { insertGitHubTokenNames } from '../support/server-store.ts';

// boto3/botocore against a real `cutover server`: the nine paginators over more than one page,
// and a strict check of every raw response body against botocore's own model. The Python side
// (python/boto3_conformance.py) does the work and prints one JSON report; each `it` below
// asserts one part of it, so a failure names what is wrong.

const SCRIPT = join(import.meta.dirname, 'python', 'boto3_conformance.py');
const TOKEN_NAMES = Array.from({ length: 101 }, (_, i) => `pg-token-${String(i).padStart(3, '0')}`);
const PAGINATED = [
  'list_applications', 'list_deployment_configs', 'list_deployment_groups', 'list_on_premises_instances',
  'list_application_revisions', 'list_deployments', 'list_git_hub_account_token_names',
  'list_deployment_targets', 'list_deployment_instances',
];

interface PaginatorResult {
  error?: string;
  pages: number;
  pageSizes: number[];
  items: number;
  expected: number;
  duplicates: string[];
  missing: string[];
  unexpected: string[];
}

interface Report {
  paginators: Record<string, PaginatorResult>;
  violations: { operation: string; status: number; path: string; problem: string }[];
  violationCount: number;
  calls: Record<string, { ok: number; error: number }>;
  failures: string[];
  failureCount: number;
}

function runConformance(server: ServerProcess): Promise<Report> {
  return new Promise((resolve, reject) => {
    const child = spawn(behindPyenvShim('python3'), [SCRIPT], {
      env: {
        ...process.env, CUTOVER_URL: server.url, CUTOVER_ACCESS_KEY_ID: server.credentials.accessKeyId,
        CUTOVER_SECRET_ACCESS_KEY: server.credentials.secretAccessKey, CUTOVER_TOKEN_NAMES: TOKEN_NAMES.join(','),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`boto3_conformance.py exited with ${code}:\n${stderr}`));
      else resolve(JSON.parse(stdout) as Report);
    });
  });
}

describe('boto3 against a cutover server', { timeout: 300_000 }, () => {
  let server: ServerProcess;
  let report: Report;

  before(async () => {
    server = await startServerProcess({ dialect: 'sqlite' });
    await insertGitHubTokenNames(server, TOKEN_NAMES);
    report = await runConformance(server);
  });
  after(() => server?.destroy());

  for (const operation of PAGINATED) {
    it(`walks the ${operation} paginator over more than one page, returning every item once`, () => {
      const result = report.paginators[operation];
      assert.ok(result, `${operation} was not paginated`);
      assert.equal(result.error, undefined, `${operation}: ${result.error}`);
      assert.ok(result.pages >= 2, `${operation} returned ${result.pages} page(s) for ${result.expected} items`);
      assert.equal(result.pageSizes[0], 100, `${operation}: a full page holds 100 items (${result.pageSizes})`);
      assert.deepEqual(result.duplicates, [], `${operation} repeated items across pages`);
      assert.deepEqual(result.missing, [], `${operation} skipped items`);
      assert.deepEqual(result.unexpected, [], `${operation} returned items that should not be there`);
      assert.equal(result.items, result.expected);
    });
  }

  it('sends only bodies that parse strictly against botocore\'s model', () => {
    const shown = report.violations.slice(0, 40).map((v) => `${v.operation} ${v.status} ${v.path}: ${v.problem}`);
    assert.equal(report.violationCount, 0, `${report.violationCount} violation(s):\n${shown.join('\n')}`);
  });

  it('answers every setup, read and write call of the run as AWS would', () => {
    assert.equal(report.failureCount, 0, `${report.failureCount} failed call(s):\n${report.failures.join('\n')}`);
  });

  it('exercised at least 40 of the 47 operations through boto3', () => {
    const seen = Object.keys(report.calls);
    assert.ok(seen.length >= 40, `only ${seen.length} operations were called: ${seen.sort().join(', ')}`);
  });
});
