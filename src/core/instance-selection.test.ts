import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { selectInstances, tagFilterProblem, type InstanceSelection, type TagFilter } from './instance-selection.ts';

const FLEET = [
  { instanceName: 'web-1', tags: [{ Key: 'role', Value: 'web' }, { Key: 'env', Value: 'prod' }] },
  { instanceName: 'web-2', tags: [{ Key: 'role', Value: 'web' }, { Key: 'env', Value: 'staging' }] },
  { instanceName: 'db-1', tags: [{ Key: 'role', Value: 'db' }, { Key: 'env', Value: 'prod' }] },
  { instanceName: 'bare', tags: [] },
  { instanceName: 'odd', tags: [{ Key: 'owner', Value: 'prod' }] },
];

function names(selection: InstanceSelection): string[] {
  return selectInstances(FLEET, selection).map((i) => i.instanceName);
}

describe('selectInstances', () => {
  const cases: { name: string; selection: InstanceSelection; expected: string[] }[] = [
    { name: 'selects nothing without filters', selection: {}, expected: [] },
    { name: 'selects nothing with empty lists', selection: { tagFilters: [], tagSet: [[], []] }, expected: [] },
    { name: 'matches KEY_ONLY on the key whatever the value', selection: { tagFilters: [{ Key: 'role', Type: 'KEY_ONLY' }] }, expected: ['web-1', 'web-2', 'db-1'] },
    { name: 'matches VALUE_ONLY on the value under any key', selection: { tagFilters: [{ Value: 'prod', Type: 'VALUE_ONLY' }] }, expected: ['web-1', 'db-1', 'odd'] },
    { name: 'matches KEY_AND_VALUE on both', selection: { tagFilters: [{ Key: 'env', Value: 'prod', Type: 'KEY_AND_VALUE' }] }, expected: ['web-1', 'db-1'] },
    { name: 'compares keys and values case-sensitively', selection: { tagFilters: [{ Key: 'Role', Value: 'web', Type: 'KEY_AND_VALUE' }] }, expected: [] },
    {
      name: 'ORs the filters of one list',
      selection: { tagFilters: [{ Key: 'role', Value: 'db', Type: 'KEY_AND_VALUE' }, { Key: 'env', Value: 'staging', Type: 'KEY_AND_VALUE' }] },
      expected: ['web-2', 'db-1'],
    },
    {
      name: 'ANDs the groups of a tag set',
      selection: { tagSet: [[{ Key: 'role', Value: 'web', Type: 'KEY_AND_VALUE' }], [{ Key: 'env', Value: 'prod', Type: 'KEY_AND_VALUE' }]] },
      expected: ['web-1'],
    },
    {
      name: 'ORs within each group of a tag set',
      selection: {
        tagSet: [
          [{ Key: 'role', Value: 'web', Type: 'KEY_AND_VALUE' }, { Key: 'role', Value: 'db', Type: 'KEY_AND_VALUE' }],
          [{ Value: 'prod', Type: 'VALUE_ONLY' }],
        ],
      },
      expected: ['web-1', 'db-1'],
    },
    {
      name: 'requires a match of the list and of every group when both are given',
      selection: { tagFilters: [{ Key: 'role', Type: 'KEY_ONLY' }], tagSet: [[{ Value: 'staging', Type: 'VALUE_ONLY' }]] },
      expected: ['web-2'],
    },
    { name: 'infers KEY_AND_VALUE when Type is absent and both fields are given', selection: { tagFilters: [{ Key: 'env', Value: 'staging' }] }, expected: ['web-2'] },
    { name: 'infers KEY_ONLY when Type is absent and only Key is given', selection: { tagFilters: [{ Key: 'owner' }] }, expected: ['odd'] },
    { name: 'infers VALUE_ONLY when Type is absent and only Value is given', selection: { tagFilters: [{ Value: 'db' }] }, expected: ['db-1'] },
    { name: 'matches nothing for a filter of an unknown type', selection: { tagFilters: [{ Key: 'role', Type: 'KEY_PREFIX' }] }, expected: [] },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(names(c.selection), c.expected));
  }

  it('returns the instances themselves, in their original order', () => {
    const selected = selectInstances(FLEET, { tagFilters: [{ Key: 'env', Type: 'KEY_ONLY' }] });
    assert.equal(selected[0], FLEET[0]);
    assert.deepEqual(selected.map((i) => i.instanceName), ['web-1', 'web-2', 'db-1']);
  });
});

describe('tagFilterProblem', () => {
  const cases: { filter: TagFilter; problem: boolean }[] = [
    { filter: { Key: 'k', Type: 'KEY_ONLY' }, problem: false },
    { filter: { Value: 'v', Type: 'VALUE_ONLY' }, problem: false },
    { filter: { Key: 'k', Value: '', Type: 'KEY_AND_VALUE' }, problem: false },
    { filter: { Key: 'k', Value: 'v' }, problem: false },
    { filter: { Type: 'KEY_ONLY' }, problem: true },
    { filter: { Key: 'k', Type: 'VALUE_ONLY' }, problem: true },
    { filter: { Key: 'k', Type: 'KEY_AND_VALUE' }, problem: true },
    { filter: { Key: 'k', Type: 'KEY_PREFIX' }, problem: true },
    { filter: {}, problem: true },
  ];
  for (const c of cases) {
    it(`${c.problem ? 'refuses' : 'accepts'} ${JSON.stringify(c.filter)}`, () => {
      assert.equal(tagFilterProblem(c.filter) !== undefined, c.problem);
    });
  }
});
