#!/usr/bin/env node
// Fails when a direct dependency declares a Node engine range this Node does not satisfy.
// Only direct dependencies: transitive ones (cookie under fastify, say) may warn harmlessly.
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const [major, minor] = process.versions.node.split('.').map(Number);
const problems = [];
for (const name of Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })) {
  const dep = JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8'));
  const range = dep.engines?.node;
  const m = range && /^>=\s*(\d+)(?:\.(\d+))?/.exec(range.trim());
  if (m && (Number(m[1]) > major || (Number(m[1]) === major && Number(m[2] ?? 0) > minor))) {
    problems.push(`${name}@${dep.version} needs node ${range}`);
  }
}
if (problems.length) {
  console.error(`check-engines: this is node ${process.versions.node}:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('check-engines: every direct dependency supports this node');
