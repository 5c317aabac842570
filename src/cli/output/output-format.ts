import { Option } from 'commander';

/** What a command prints: aligned text for people, or the SDK's response shapes as JSON. */
export type OutputFormat = 'text' | 'json';

/** The `--output` option every command shares. */
export function outputOption(): Option {
  return new Option('--output <format>', 'text for people, json for scripts').choices(['text', 'json']).default('text');
}

/**
 * Prints an SDK response (or any value) as JSON for scripts: the SDK's own member names, its
 * bookkeeping (`$metadata`) left out, dates as ISO 8601 strings.
 */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, (key, v) => (key === '$metadata' ? undefined : v), 2) + '\n');
}
