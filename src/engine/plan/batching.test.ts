import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { minimumHealthyCount, planBatch, type BatchTarget, type MinimumHealthyHosts } from './batching.ts';

const HOST_COUNT = (value: number): MinimumHealthyHosts => ({ type: 'HOST_COUNT', value });
const FLEET_PERCENT = (value: number): MinimumHealthyHosts => ({ type: 'FLEET_PERCENT', value });
const ONE_AT_A_TIME: MinimumHealthyHosts = { type: 'MOST_CONCURRENCY', value: 1 };

function fleet(n: number, unhealthy = 0): BatchTarget[] {
  return Array.from({ length: n }, (_, i) => ({
    targetId: `i-${String(i).padStart(2, '0')}`, status: 'Pending', initiallyHealthy: i >= unhealthy, revisionHealth: 'Old',
  }));
}

/** Runs a deployment to the end; `fails(id)` says which targets fail. Returns decision and batch sizes. */
function simulate(targets: BatchTarget[], rule: MinimumHealthyHosts, fails: (id: string) => boolean) {
  const batches: number[] = [];
  for (let step = 0; step < 1000; step++) {
    const decision = planBatch(targets, rule);
    if (decision.kind === 'start') {
      batches.push(decision.targetIds.length);
      for (const t of targets) if (decision.targetIds.includes(t.targetId)) t.status = 'InProgress';
      continue;
    }
    if (decision.kind === 'wait') {
      for (const t of targets) if (t.status === 'InProgress') t.status = fails(t.targetId) ? 'Failed' : 'Succeeded';
      continue;
    }
    return { decision, batches };
  }
  throw new Error('did not terminate');
}

describe('minimumHealthyCount', () => {
  it('rounds FLEET_PERCENT up and treats OneAtATime as all but one', () => {
    assert.equal(minimumHealthyCount(FLEET_PERCENT(40), 9), 4);
    assert.equal(minimumHealthyCount(FLEET_PERCENT(95), 10), 10);
    assert.equal(minimumHealthyCount(HOST_COUNT(6), 9), 6);
    assert.equal(minimumHealthyCount(ONE_AT_A_TIME, 10), 9);
    assert.equal(minimumHealthyCount(ONE_AT_A_TIME, 1), 0);
  });
});

describe('planBatch reproduces the documented examples', () => {
  const table: { name: string; n: number; rule: MinimumHealthyHosts; batch: number }[] = [
    { name: '9 instances, HOST_COUNT 6: up to 3 at a time', n: 9, rule: HOST_COUNT(6), batch: 3 },
    { name: '9 instances, FLEET_PERCENT 40: up to 5 at a time', n: 9, rule: FLEET_PERCENT(40), batch: 5 },
    { name: '9 instances, HalfAtATime: 4 at a time', n: 9, rule: FLEET_PERCENT(50), batch: 4 },
    { name: '10 instances, minimum 9: one at a time', n: 10, rule: HOST_COUNT(9), batch: 1 },
    { name: '10 instances, minimum 0: all at once', n: 10, rule: HOST_COUNT(0), batch: 10 },
    { name: '10 instances, OneAtATime: one at a time', n: 10, rule: ONE_AT_A_TIME, batch: 1 },
  ];
  for (const row of table) {
    it(row.name, () => {
      const first = planBatch(fleet(row.n), row.rule);
      assert.deepEqual(first.kind === 'start' && first.targetIds.length, row.batch);
      assert.deepEqual(simulate(fleet(row.n), row.rule, () => false).decision, { kind: 'succeed' });
    });
  }

  it('fails at once with HEALTH_CONSTRAINTS_INVALID when FLEET_PERCENT 95 of 10 leaves no room', () => {
    const decision = planBatch(fleet(10), FLEET_PERCENT(95));
    assert.equal(decision.kind === 'fail' && decision.code, 'HEALTH_CONSTRAINTS_INVALID');
  });

  it('succeeds with minimum 9 of 10 when only the last instance fails', () => {
    const { decision } = simulate(fleet(10), HOST_COUNT(9), (id) => id === 'i-09');
    assert.deepEqual(decision, { kind: 'succeed' });
  });

  it('stops with HEALTH_CONSTRAINTS when an instance other than the last fails under OneAtATime', () => {
    const { decision, batches } = simulate(fleet(10), ONE_AT_A_TIME, (id) => id === 'i-03');
    assert.equal(decision.kind === 'fail' && decision.code, 'HEALTH_CONSTRAINTS');
    assert.equal(batches.length, 4);
  });

  it('succeeds with minimum 8 when the last instance is the second failure', () => {
    const { decision } = simulate(fleet(10), HOST_COUNT(8), (id) => id === 'i-02' || id === 'i-09');
    assert.deepEqual(decision, { kind: 'succeed' });
  });

  it('succeeds with minimum 0 when one instance succeeds and fails when all fail', () => {
    assert.deepEqual(simulate(fleet(10), HOST_COUNT(0), (id) => id !== 'i-05').decision, { kind: 'succeed' });
    const allFail = simulate(fleet(10), HOST_COUNT(0), () => true).decision;
    assert.equal(allFail.kind === 'fail' && allFail.code, 'HEALTH_CONSTRAINTS');
  });

  it('deploys to a single instance under OneAtATime and fails when it fails', () => {
    assert.deepEqual(simulate(fleet(1), ONE_AT_A_TIME, () => false).decision, { kind: 'succeed' });
    const failed = simulate(fleet(1), ONE_AT_A_TIME, () => true).decision;
    assert.equal(failed.kind === 'fail' && failed.code, 'HEALTH_CONSTRAINTS');
  });

  it('schedules unhealthy instances first', () => {
    const targets = fleet(4, 0).concat([{ targetId: 'z-bad', status: 'Pending', initiallyHealthy: false, revisionHealth: 'Old' }]);
    const decision = planBatch(targets, ONE_AT_A_TIME);
    assert.deepEqual(decision, { kind: 'start', targetIds: ['z-bad'] });
  });
});

describe('planBatch with unhealthy targets', () => {
  it('deploys to every target at once under minimum 0, unhealthy ones included', () => {
    const decision = planBatch(fleet(4, 1), HOST_COUNT(0));
    assert.deepEqual(decision.kind === 'start' && decision.targetIds.length, 4);
  });

  it('under OneAtATime redeploys the unhealthy target alone before touching a healthy one', () => {
    const targets = fleet(4, 1);
    const first = planBatch(targets, ONE_AT_A_TIME);
    assert.deepEqual(first, { kind: 'start', targetIds: ['i-00'] });
  });
});

describe('planBatch properties', () => {
  const ruleArb = fc.oneof(
    fc.integer({ min: 0, max: 12 }).map(HOST_COUNT),
    fc.integer({ min: 0, max: 99 }).map(FLEET_PERCENT),
    fc.constant(ONE_AT_A_TIME),
  );
  const scenario = fc.record({
    n: fc.integer({ min: 1, max: 12 }), unhealthy: fc.integer({ min: 0, max: 12 }), rule: ruleArb,
    failing: fc.array(fc.integer({ min: 0, max: 11 }), { maxLength: 6 }),
  });

  it('never lets the healthy count drop below the minimum while healthy instances deploy', () => {
    fc.assert(fc.property(scenario, ({ n, unhealthy, rule, failing }) => {
      const targets = fleet(n, Math.min(unhealthy, n));
      const min = minimumHealthyCount(rule, n);
      for (let step = 0; step < 200; step++) {
        const decision = planBatch(targets, rule);
        if (decision.kind === 'start') {
          for (const t of targets) if (decision.targetIds.includes(t.targetId)) t.status = 'InProgress';
          const up = targets.filter((t) => t.status === 'Succeeded' || (t.status === 'Pending' && t.initiallyHealthy)).length;
          const healthyInFlight = targets.some((t) => t.status === 'InProgress' && t.initiallyHealthy);
          if (healthyInFlight && up < min) return false;
        } else if (decision.kind === 'wait') {
          for (const t of targets) if (t.status === 'InProgress') t.status = failing.includes(Number(t.targetId.slice(2))) ? 'Failed' : 'Succeeded';
        } else {
          const succeeded = targets.filter((t) => t.status === 'Succeeded').length;
          return decision.kind === 'succeed' ? succeeded >= Math.max(min, 1) : true;
        }
      }
      return false;
    }));
  });
});
