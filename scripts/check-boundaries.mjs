#!/usr/bin/env node
// Enforces the folder architecture (STYLE.md §1): each src/ folder may import only the folders
// listed for it, so dependencies point one way (core ← store ← engine ← api ← bin) and the
// agent, proxy, cli and web reach the server only through client/.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

const ALLOWED = {
  core: [],
  store: ['core'],
  engine: ['core', 'store'],
  api: ['core', 'store', 'engine'],
  client: ['core'],
  agent: ['core', 'client'],
  proxy: ['core'],
  cli: ['core', 'client'],
  web: ['core', 'client'],
  bin: ['core', 'store', 'engine', 'api', 'client', 'agent', 'proxy', 'cli', 'web'],
};

const SRC = resolve('src');
const problems = [];
for (const file of walk(SRC)) {
  const folder = relative(SRC, file).split('/')[0];
  const allowed = new Set([folder, ...(ALLOWED[folder] ?? [])]);
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]/g)) {
    const target = relative(SRC, resolve(dirname(file), m[1])).split('/')[0];
    if (target.startsWith('..')) continue;
    if (!allowed.has(target)) problems.push(`${relative('.', file)} imports ${m[1]} (${folder} may not import ${target})`);
  }
}
if (problems.length) {
  console.error(`check-boundaries:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('check-boundaries: imports follow the folder architecture');

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (path.endsWith('.ts') && !path.endsWith('.test.ts')) yield path;
  }
}
