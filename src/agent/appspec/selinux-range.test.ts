import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatRange, parseRange } from './selinux-range.ts';

describe('SELinux ranges', () => {
  const canonical: [string, string][] = [
    ['s0', 's0'],
    ['s0-s0', 's0'],
    ['s0-s15', 's0-s15'],
    ['s0:c0', 's0:c0'],
    ['s0:c0.c3,c5', 's0:c0.c3,c5'],
    ['s1-s2:c5,c0,c1,c2', 's1-s2:c0.c2,c5'],
    ['s0:c1023', 's0:c1023'],
    ['s0:c1,', 's0:c1'],
  ];
  for (const [input, output] of canonical) {
    it(`reads ${input} and writes it back as ${output}`, () => {
      const range = parseRange(input);
      assert.ok(range.ok, input);
      assert.equal(formatRange(range.value), output);
    });
  }

  const refused: [string, string][] = [
    ['', 'invalid range part '],
    ['s', 'invalid sensitivity s'],
    ['s0-', 'invalid range part s0-'],
    ['-s0', 'invalid range part -s0'],
    ['s0:c1,,c2', 'invalid category '],
    ['s0:x1', 'invalid category x1'],
    ['s0:c1.c2.c3', 'invalid category c2.c3'],
    ['s0:c3.c1', 'invalid category range c3.c1'],
    ['s0:c1,c1', 'duplicate categories'],
    ['s0:s1:c1', 'invalid category s1:c1'],
  ];
  for (const [input, message] of refused) {
    it(`refuses ${JSON.stringify(input)} with "${message}"`, () => {
      assert.deepEqual(parseRange(input), { ok: false, message });
    });
  }
});
