import type { YNode } from './yaml-tree.ts';

// The official agent interpolates appspec values with Ruby's `to_s` and converts timeouts with
// `to_i`; these reproduce both so that messages and accepted values match it.

/** Ruby's `"#{value}"` for a YAML node: nil prints as an empty string, arrays and hashes as `inspect`. */
export function rubyToS(node: YNode | undefined): string {
  if (node === undefined) return '';
  if (node.kind !== 'scalar') return rubyInspect(node);
  const { value } = node;
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return node.isFloat ? rubyFloat(value) : String(value);
  if (value instanceof Date) return node.source;
  return String(value);
}

/** Ruby's `inspect` for a YAML node (`{"name"=>"x"}`, `["a", 1]`, `nil`). */
export function rubyInspect(node: YNode | undefined): string {
  if (node === undefined) return 'nil';
  if (node.kind === 'seq') return `[${node.items.map(rubyInspect).join(', ')}]`;
  if (node.kind === 'map') {
    const pairs = [...node.entries].map(([k, v]) => `${quoteRuby(k)}=>${rubyInspect(v)}`);
    return `{${pairs.join(', ')}}`;
  }
  if (node.value === null) return 'nil';
  if (typeof node.value === 'string') return quoteRuby(node.value);
  return rubyToS(node);
}

/**
 * Ruby's `to_i` for a timeout value, or undefined where Ruby would raise (booleans, lists,
 * maps, NaN): the caller reports those as an invalid timeout.
 */
export function rubyToI(node: YNode): number | undefined {
  if (node.kind !== 'scalar') return undefined;
  const { value } = node;
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : undefined;
  if (typeof value === 'string') return stringToI(value);
  return undefined;
}

/** Ruby's `String#strip`: whitespace and NUL at both ends. */
export function rubyStrip(text: string): string {
  return text.replace(/^[\s\0]+|[\s\0]+$/g, '');
}

function stringToI(text: string): number {
  // Leading whitespace, an optional sign, then digits with single underscores between them.
  const match = /^[\t\n\v\f\r ]*([+-]?)(\d+(?:_\d+)*)/.exec(text);
  if (!match) return 0;
  const magnitude = Number(match[2]!.replaceAll('_', ''));
  return match[1] === '-' ? -magnitude : magnitude;
}

function rubyFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (Object.is(value, -0)) return '-0.0';
  if (Number.isInteger(value) && Math.abs(value) < 1e16) return value.toFixed(1);
  const text = String(value);
  return text.includes('e') && !text.split('e')[0]!.includes('.') ? text.replace('e', '.0e') : text;
}

function quoteRuby(text: string): string {
  const escaped = text
    .replaceAll('\\', '\\\\')
    .replaceAll('"', '\\"')
    .replaceAll('\n', '\\n')
    .replaceAll('\t', '\\t')
    .replaceAll('#{', '\\#{');
  return `"${escaped}"`;
}
