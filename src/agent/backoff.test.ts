import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffDelay, DEFAULT_BACKOFF, sleep } from './backoff.ts';

describe('the poll backoff', () => {
  it('grows exponentially from the initial delay and stops at the cap', () => {
    const ceilings = [1, 2, 3, 4, 7, 8, 20].map((n) => backoffDelay(n, DEFAULT_BACKOFF, () => 1));
    assert.deepEqual(ceilings, [1000, 2000, 4000, 8000, 64_000, 90_000, 90_000]);
  });

  it('jitters between half the ceiling and the ceiling', () => {
    assert.equal(backoffDelay(3, DEFAULT_BACKOFF, () => 0), 2000);
    assert.equal(backoffDelay(3, DEFAULT_BACKOFF, () => 0.5), 3000);
    for (let i = 0; i < 200; i++) {
      const delay = backoffDelay(10, DEFAULT_BACKOFF);
      assert.ok(delay >= 45_000 && delay <= 90_000, `delay ${delay} outside [45 s, 90 s]`);
    }
  });

  it('honours small configured values, as tests use', () => {
    const settings = { initialMs: 200, multiplier: 2, maxMs: 1000 };
    assert.deepEqual([1, 2, 3, 4].map((n) => backoffDelay(n, settings, () => 1)), [200, 400, 800, 1000]);
  });

  it('ends a sleep at once when its signal aborts', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const sleeping = sleep(60_000, controller.signal);
    controller.abort();
    await sleeping;
    assert.ok(Date.now() - started < 1000);
  });
});
