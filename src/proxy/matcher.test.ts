import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseMatcher } from './matcher.ts';

describe('parseMatcher', () => {
  const cases: [string, number, boolean][] = [
    ['200-399', 200, true], ['200-399', 399, true], ['200-399', 404, false], ['200-399', 199, false],
    ['200,204', 204, true], ['200,204', 201, false], ['200, 300-302', 301, true], ['200, 300-302', 303, false],
  ];
  for (const [matcher, status, expected] of cases) {
    it(`${expected ? 'accepts' : 'rejects'} ${status} for ${matcher}`, () => {
      assert.equal(parseMatcher(matcher)(status), expected);
    });
  }

  it('refuses what is not a status code or range', () => {
    for (const bad of ['', '2xx', '399-200', '200-', '700', '200;204']) assert.throws(() => parseMatcher(bad), /matcher part/, bad);
  });
});
