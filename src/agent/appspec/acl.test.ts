import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatAce, fullAcl, parseAce } from './acl.ts';
import type { AclEntry } from './types.ts';

const parsed = (text: string): AclEntry => {
  const result = parseAce(text);
  assert.ok(result.ok, text);
  return result.value;
};

describe('ACL entries', () => {
  it('formats entries in the long form setfacl takes', () => {
    const cases: [string, string][] = [
      ['bob:rw', 'user:bob:rw-'],
      ['u:bob:7', 'user:bob:rwx'],
      ['g:web:r-x', 'group:web:r-x'],
      ['d:u:bob:rwx', 'default:user:bob:rwx'],
      ['default:group:web:5', 'default:group:web:r-x'],
      ['d:bob:4', 'default:user:bob:r--'],
      ['m::rx', 'mask::r-x'],
      ['d:o:r', 'default:other::r--'],
      ['d:m:rwx', 'default:mask::rwx'],
    ];
    assert.deepEqual(cases.map(([text]) => formatAce(parsed(text))), cases.map(([, long]) => long));
  });

  it('adds base entries from the mode, and a mask for named entries', () => {
    const acl = fullAcl([parsed('u:bob:rwx')], 0o640).map(formatAce);
    assert.deepEqual(acl, ['user:bob:rwx', 'user::rw-', 'group::r--', 'other::---', 'mask::r--']);
  });

  it('keeps a given mask instead of adding one', () => {
    const acl = fullAcl([parsed('u:bob:rwx'), parsed('m::rwx')], 0o755).map(formatAce);
    assert.deepEqual(acl, ['user:bob:rwx', 'mask::rwx', 'user::rwx', 'group::r-x', 'other::r-x']);
  });

  it('adds default base entries and a default mask copied from the default group entry', () => {
    const acl = fullAcl([parsed('d:u:bob:rwx')], 0o750).map(formatAce);
    assert.deepEqual(acl, [
      'default:user:bob:rwx',
      'user::rwx',
      'group::r-x',
      'other::---',
      'default:user::rwx',
      'default:group::r-x',
      'default:other::---',
      'default:mask::r-x',
    ]);
  });
});
