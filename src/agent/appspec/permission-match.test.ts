import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchesSimpleGlob, permissionReaches } from './permission-match.ts';
import type { PermissionSpec } from './types.ts';

const permission = (pattern: string, except: string[] = []): PermissionSpec => ({
  object: '/opt/app', pattern, except, type: ['file', 'directory'], at: { line: 1, col: 1 },
});

describe('the simple glob of permission patterns', () => {
  const table: [string, string, boolean][] = [
    ['*.sh', 'run.sh', true],
    ['*.sh', '.hidden.sh', true],
    ['*.sh', 'sub/run.sh', false],
    ['*.{sh,py}', 'x.py', false],
    ['file[1].txt', 'file[1].txt', true],
    ['file?.txt', 'file1.txt', false],
    ['file?.txt', 'file?.txt', true],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'axxbyyc', true],
    ['a*b*c', 'axxbyy', false],
    ['*', 'anything', true],
    ['', 'x', false],
    ['run.sh', 'run.sh', true],
    ['run.sh', 'runxsh', false],
  ];
  for (const [pattern, name, expected] of table) {
    it(`${expected ? 'matches' : 'does not match'} ${name} with ${pattern || 'an empty pattern'}`, () => {
      assert.equal(matchesSimpleGlob(name, pattern), expected);
    });
  }
});

describe('permissionReaches', () => {
  it('reaches anything strictly under the object with **, never the object itself', () => {
    assert.equal(permissionReaches(permission('**'), '/opt/app', '/opt/app/a/b/c.sh'), true);
    assert.equal(permissionReaches(permission('**'), '/opt/app', '/opt/app/.env'), true);
    assert.equal(permissionReaches(permission('**'), '/opt/app', '/opt/app'), false);
    assert.equal(permissionReaches(permission('**'), '/opt/app', '/opt/application/x'), false);
  });

  it('matches other patterns against direct children only', () => {
    assert.equal(permissionReaches(permission('*.sh'), '/opt/app', '/opt/app/run.sh'), true);
    assert.equal(permissionReaches(permission('*.sh'), '/opt/app', '/opt/app/scripts/run.sh'), false);
    assert.equal(permissionReaches(permission('scripts/**'), '/opt/app', '/opt/app/scripts/a.sh'), false);
  });

  it('leaves out direct children matching an except glob', () => {
    assert.equal(permissionReaches(permission('**', ['*.log']), '/opt/app', '/opt/app/x.log'), false);
    assert.equal(permissionReaches(permission('**', ['*.log']), '/opt/app', '/opt/app/logs/x.log'), true);
  });

  it('accepts the root as the object', () => {
    assert.equal(permissionReaches(permission('**'), '/', '/etc/x'), true);
  });
});
