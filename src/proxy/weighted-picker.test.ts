import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WeightedPicker } from './weighted-picker.ts';

function split(picker: WeightedPicker, candidates: { name: string; weight: number }[], n: number): Record<string, number> {
  const counts: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const name = picker.pick(candidates) ?? 'none';
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

describe('WeightedPicker', () => {
  it('splits 90/10 exactly over every ten picks', () => {
    const picker = new WeightedPicker();
    const candidates = [{ name: 'blue', weight: 90 }, { name: 'green', weight: 10 }];
    assert.deepEqual(split(picker, candidates, 10), { blue: 9, green: 1 });
    assert.deepEqual(split(picker, candidates, 5000), { blue: 4500, green: 500 });
  });

  it('interleaves picks instead of sending them in bursts', () => {
    const picker = new WeightedPicker();
    const picks = Array.from({ length: 4 }, () => picker.pick([{ name: 'a', weight: 50 }, { name: 'b', weight: 50 }]));
    assert.deepEqual(picks, ['a', 'b', 'a', 'b']);
  });

  it('ignores candidates with weight 0 and answers undefined when none is left', () => {
    const picker = new WeightedPicker();
    assert.deepEqual(split(picker, [{ name: 'a', weight: 0 }, { name: 'b', weight: 100 }], 3), { b: 3 });
    assert.equal(picker.pick([{ name: 'a', weight: 0 }]), undefined);
    assert.equal(picker.pick([]), undefined);
  });

  it('follows new weights after a reset', () => {
    const picker = new WeightedPicker();
    split(picker, [{ name: 'a', weight: 99 }, { name: 'b', weight: 1 }], 37);
    picker.reset();
    assert.deepEqual(split(picker, [{ name: 'a', weight: 25 }, { name: 'b', weight: 75 }], 100), { a: 25, b: 75 });
  });
});
