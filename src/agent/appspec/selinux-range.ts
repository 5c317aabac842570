import { APPSPEC_MESSAGES } from './messages.ts';
import { fail, ok, type Checked } from './problems.ts';
import type { SelinuxRange } from './types.ts';

const MAX_CATEGORY = 1023;

/**
 * Parses an SELinux range, `s<low>[-s<high>][:<categories>]`, where categories are a comma list
 * of `c<n>` or `c<n>.c<m>` (n..m inclusive, at most c1023, no repeats). Messages are the
 * official agent's, including its terse lower-case ones.
 */
export function parseRange(range: string): Checked<SelinuxRange> {
  const parts = splitParts(range, ':');
  if (!parts.ok) return parts;
  const sensitivities = splitParts(parts.value[0]!, '-');
  if (!sensitivities.ok) return sensitivities;
  const low = sensitivity(sensitivities.value[0]!);
  if (!low.ok) return low;
  let high: Checked<number> = low;
  if (sensitivities.value.length === 2) {
    high = sensitivity(sensitivities.value[1]!);
    if (!high.ok) return high;
    if (high.value < low.value) return fail(APPSPEC_MESSAGES.rangeOrder(range));
  }
  if (parts.value.length === 1) return ok({ lowSensitivity: low.value, highSensitivity: high.value });
  const categories = categoryList(parts.value[1]!);
  if (!categories.ok) return categories;
  return ok({ lowSensitivity: low.value, highSensitivity: high.value, categories: categories.value });
}

/** The canonical text of a range, with consecutive categories folded into `cA.cB` runs. */
export function formatRange(range: SelinuxRange): string {
  let text = `s${range.lowSensitivity}`;
  if (range.highSensitivity !== range.lowSensitivity) text += `-s${range.highSensitivity}`;
  if (range.categories) text += `:${foldRuns(range.categories).join(',')}`;
  return text;
}

function foldRuns(categories: readonly number[]): string[] {
  const runs: string[] = [];
  for (let i = 0; i < categories.length; ) {
    let j = i;
    while (j + 1 < categories.length && categories[j + 1] === categories[j]! + 1) j++;
    runs.push(i === j ? `c${categories[i]}` : `c${categories[i]}.c${categories[j]}`);
    i = j + 1;
  }
  return runs;
}

// Splits once on `separator`; every resulting part must be non-empty.
function splitParts(input: string, separator: string): Checked<string[]> {
  const at = input.indexOf(separator);
  const parts = at < 0 ? [input] : [input.slice(0, at), input.slice(at + separator.length)];
  if (parts.some((p) => p === '')) return fail(APPSPEC_MESSAGES.rangePart(input));
  return ok(parts);
}

function sensitivity(text: string): Checked<number> {
  if (!/^s\d+$/.test(text)) return fail(APPSPEC_MESSAGES.rangeSensitivity(text));
  return ok(Number(text.slice(1)));
}

function category(text: string): Checked<number> {
  if (!/^c\d+$/.test(text) || Number(text.slice(1)) > MAX_CATEGORY) return fail(APPSPEC_MESSAGES.rangeCategory(text));
  return ok(Number(text.slice(1)));
}

function categoryList(text: string): Checked<number[]> {
  const numbers: number[] = [];
  for (const part of rubySplit(text, ',')) {
    const run = part.includes('.') ? categoryRun(part) : category(part);
    if (!run.ok) return run;
    numbers.push(...(Array.isArray(run.value) ? run.value : [run.value]));
  }
  numbers.sort((a, b) => a - b);
  if (numbers.some((n, i) => i > 0 && numbers[i - 1] === n)) return fail(APPSPEC_MESSAGES.rangeDuplicateCategories());
  return ok(numbers);
}

function categoryRun(part: string): Checked<number[]> {
  const bounds = splitParts(part, '.');
  if (!bounds.ok) return bounds;
  const [lowText, highText] = bounds.value as [string, string];
  const low = category(lowText);
  if (!low.ok) return low;
  const high = category(highText);
  if (!high.ok) return high;
  if (high.value < low.value) return fail(APPSPEC_MESSAGES.rangeCategoryRange(lowText, highText));
  return ok(Array.from({ length: high.value - low.value + 1 }, (_, i) => low.value + i));
}

// Ruby's String#split without a limit drops trailing empty fields.
function rubySplit(text: string, separator: string): string[] {
  const parts = text.split(separator);
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}
