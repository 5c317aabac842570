#!/usr/bin/env node
// Runs the test suite: finds every *.test.ts under src/ and test/ (Node 20 expands no globs),
// starts a throwaway PostgreSQL 15 from the machine's binaries unless CUTOVER_TEST_PG_URL is
// set, runs node's test runner through tsx, and fails when no test ran.
//
//   npm test                      every test
//   npm test -- src/api           only files under a path
//   DIALECTS=sqlite npm test      skip PostgreSQL
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startPostgres } from './postgres.mjs';

const roots = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const files = (roots.length ? roots : ['src', 'test']).flatMap((r) => findTests(r)).sort();
if (files.length === 0) {
  console.error('run-tests: no *.test.ts files found');
  process.exit(1);
}

const dialects = (process.env.DIALECTS ?? 'sqlite,postgres').split(',');
const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
let postgres;
if (dialects.includes('postgres') && !env.CUTOVER_TEST_PG_URL) {
  postgres = await startPostgres();
  env.CUTOVER_TEST_PG_URL = postgres.url;
  console.log(`run-tests: PostgreSQL at ${postgres.url}`);
}

const concurrency = process.env.TEST_CONCURRENCY ?? '3';
const child = spawn(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...files], {
  env, stdio: ['ignore', 'pipe', 'inherit'],
});
let tail = '';
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  tail = (tail + chunk.toString()).slice(-4000);
});
const code = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
await postgres?.stop();

const ran = Number(/# tests (\d+)/.exec(tail)?.[1] ?? 0);
if (code === 0 && ran === 0) {
  console.error('run-tests: the runner reported 0 tests');
  process.exit(1);
}
process.exit(code);

function findTests(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return [];
  if (stat.isFile()) return path.endsWith('.test.ts') ? [path] : [];
  return readdirSync(path).filter((n) => n !== 'node_modules').flatMap((n) => findTests(join(path, n)));
}
