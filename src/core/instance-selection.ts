/**
 * Instance selection by tag filters: which instances a deployment group (or a ListOnPremisesInstances
 * call) targets.
 *
 * Cutover's fleet is its registered instances. There is no EC2 inventory to query, so EC2 tag
 * filters (`ec2TagFilters`, `ec2TagSet`) and on-premises tag filters (`onPremisesInstanceTagFilters`,
 * `onPremisesTagSet`) both select from the instances registered with RegisterOnPremisesInstance,
 * by the tags added with AddTagsToOnPremisesInstances. Both filter shapes have the same fields.
 */

/**
 * How a filter compares:
 * * `KEY_ONLY` - the instance has a tag with this key, whatever its value.
 * * `VALUE_ONLY` - the instance has a tag, under any key, with this value.
 * * `KEY_AND_VALUE` - the instance has a tag with this key and this value.
 */
export type TagFilterType = 'KEY_ONLY' | 'VALUE_ONLY' | 'KEY_AND_VALUE';

/** One tag filter, shaped like both EC2TagFilter and the on-premises TagFilter. */
export interface TagFilter {
  Key?: string;
  Value?: string;
  Type?: TagFilterType | string;
}

/** A tag as instances carry it. */
export interface InstanceTag {
  Key: string;
  Value: string;
}

/** What selectInstances needs of an instance: its tags. Other fields pass through untouched. */
export interface Taggable {
  tags: readonly InstanceTag[];
}

/**
 * What to select by. `tagFilters` is one ORed list. `tagSet` is a list of ORed groups that are
 * ANDed together (at most 3 groups, enforced where groups are stored). When both are given, an
 * instance must match the list and every group; with neither, nothing is selected, because a
 * deployment group without filters targets no instances.
 */
export interface InstanceSelection {
  tagFilters?: readonly TagFilter[];
  tagSet?: readonly (readonly TagFilter[])[];
}

/** Returns the instances `selection` picks, in their original order. */
export function selectInstances<T extends Taggable>(instances: readonly T[], selection: InstanceSelection): T[] {
  const groups = groupsOf(selection);
  if (groups.length === 0) return [];
  return instances.filter((instance) => groups.every((group) => matchesAny(instance.tags, group)));
}

/** Returns true when `tags` satisfy `filter`. */
export function matchesTagFilter(tags: readonly InstanceTag[], filter: TagFilter): boolean {
  switch (effectiveType(filter)) {
    case 'KEY_ONLY':
      return tags.some((t) => t.Key === filter.Key);
    case 'VALUE_ONLY':
      return tags.some((t) => t.Value === filter.Value);
    case 'KEY_AND_VALUE':
      return tags.some((t) => t.Key === filter.Key && t.Value === filter.Value);
    default:
      return false;
  }
}

/**
 * Explains why a filter can never be evaluated (a missing field its type needs, or an unknown
 * type), or returns undefined when it is usable. Callers turn the reason into their own error.
 */
export function tagFilterProblem(filter: TagFilter): string | undefined {
  const type = effectiveType(filter);
  if (type === undefined) {
    return filter.Type === undefined ? 'a tag filter needs a Key or a Value' : `unknown tag filter type ${filter.Type}`;
  }
  if (type !== 'VALUE_ONLY' && !filter.Key) return `a ${type} tag filter needs a Key`;
  if (type !== 'KEY_ONLY' && filter.Value === undefined) return `a ${type} tag filter needs a Value`;
  return undefined;
}

/**
 * The type a filter is evaluated as. Clients often omit `Type` (it is optional in the model), so
 * it is inferred from the fields present: both → KEY_AND_VALUE, a key → KEY_ONLY, a value →
 * VALUE_ONLY.
 */
function effectiveType(filter: TagFilter): TagFilterType | undefined {
  if (filter.Type !== undefined) return isTagFilterType(filter.Type) ? filter.Type : undefined;
  if (filter.Key !== undefined && filter.Value !== undefined) return 'KEY_AND_VALUE';
  if (filter.Key !== undefined) return 'KEY_ONLY';
  if (filter.Value !== undefined) return 'VALUE_ONLY';
  return undefined;
}

function isTagFilterType(type: string): type is TagFilterType {
  return type === 'KEY_ONLY' || type === 'VALUE_ONLY' || type === 'KEY_AND_VALUE';
}

function groupsOf(selection: InstanceSelection): (readonly TagFilter[])[] {
  // Empty lists and empty groups are the same as absent ones: clients send `[]` for "none".
  const groups: (readonly TagFilter[])[] = [];
  if (selection.tagFilters && selection.tagFilters.length > 0) groups.push(selection.tagFilters);
  for (const group of selection.tagSet ?? []) {
    if (group.length > 0) groups.push(group);
  }
  return groups;
}

function matchesAny(tags: readonly InstanceTag[], group: readonly TagFilter[]): boolean {
  return group.some((filter) => matchesTagFilter(tags, filter));
}
