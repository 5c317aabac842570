import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';

/**
 * A configuration problem: a missing or unreadable file, invalid YAML, or a key with a bad
 * value. The message names the file and the key, so an operator can fix it without reading code.
 */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** A parsed YAML mapping together with the file it came from, for error messages. */
export interface ConfigSource {
  readonly file: string;
  readonly values: Readonly<Record<string, unknown>>;
}

/** Reads a YAML file that must hold a mapping (an empty file is an empty mapping). */
export function readYamlMapping(file: string, what: string): ConfigSource {
  const text = readText(file, what);
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (err) {
    throw new ConfigError(`${what} ${file} is not valid YAML: ${(err as Error).message}`);
  }
  if (parsed === null || parsed === undefined) return { file, values: {} };
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigError(`${what} ${file} must be a YAML mapping of keys to values`);
  return { file, values: parsed as Record<string, unknown> };
}

/** Reads a text file, turning "missing" and "unreadable" into ConfigErrors that name it. */
export function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ConfigError(`${what} ${file} does not exist`);
    throw new ConfigError(`${what} ${file} cannot be read: ${(err as Error).message}`);
  }
}

/** Typed, key-naming accessors over one mapping. `null` counts as absent, as YAML users expect. */
export class ConfigReader {
  readonly #source: ConfigSource;
  readonly #prefix: string;

  constructor(source: ConfigSource, options: { prefix?: string } = {}) {
    this.#source = source;
    this.#prefix = options.prefix ?? '';
  }

  /** Whether the key is present with a non-null value. */
  has(key: string): boolean {
    return this.#raw(key) !== undefined;
  }

  /** An optional non-empty string (numbers are accepted and turned into strings). */
  string(key: string): string | undefined {
    const value = this.#raw(key);
    if (value === undefined) return undefined;
    if (typeof value === 'number') return String(value);
    if (typeof value !== 'string' || value.trim() === '') throw this.error(key, 'must be a non-empty string');
    return value.trim();
  }

  /** A required non-empty string. */
  requiredString(key: string): string {
    const value = this.string(key);
    if (value === undefined) throw this.error(key, 'is required');
    return value;
  }

  /** An optional boolean. */
  boolean(key: string): boolean | undefined {
    const value = this.#raw(key);
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') throw this.error(key, 'must be true or false');
    return value;
  }

  /** An optional number, checked to be an integer and at least `min` when asked. */
  number(key: string, rules: { integer?: boolean; min?: number; exclusiveMin?: number } = {}): number | undefined {
    const value = this.#raw(key);
    if (value === undefined) return undefined;
    const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isFinite(n)) throw this.error(key, 'must be a number');
    if (rules.integer && !Number.isInteger(n)) throw this.error(key, 'must be an integer');
    if (rules.min !== undefined && n < rules.min) throw this.error(key, `must be at least ${rules.min}`);
    if (rules.exclusiveMin !== undefined && n <= rules.exclusiveMin) throw this.error(key, `must be more than ${rules.exclusiveMin}`);
    return n;
  }

  /** An optional http:// or https:// URL. */
  url(key: string): string | undefined {
    const value = this.string(key);
    if (value === undefined) return undefined;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw this.error(key, `must be a URL such as http://127.0.0.1:8700, got ${value}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw this.error(key, `must be an http:// or https:// URL, got ${value}`);
    return value;
  }

  /** A nested mapping, read with the same rules; absent gives an empty one. */
  section(key: string): ConfigReader {
    const value = this.#raw(key);
    if (value !== undefined && (typeof value !== 'object' || Array.isArray(value))) throw this.error(key, 'must be a mapping');
    return new ConfigReader({ file: this.#source.file, values: (value ?? {}) as Record<string, unknown> }, { prefix: `${this.#prefix}${key}.` });
  }

  /** Refuses keys outside `known`, so that a typo is reported instead of silently ignored. */
  refuseUnknown(known: readonly string[]): void {
    const unknown = Object.keys(this.#source.values).filter((k) => !known.includes(k));
    if (unknown.length > 0) {
      throw new ConfigError(`${this.#source.file}: unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${this.#prefix}${k}'`).join(', ')} (known: ${known.join(', ')})`);
    }
  }

  /** A ConfigError about one key of this mapping. */
  error(key: string, problem: string): ConfigError {
    return new ConfigError(`${this.#source.file}: '${this.#prefix}${key}' ${problem}`);
  }

  #raw(key: string): unknown {
    const value = this.#source.values[key];
    return value === null ? undefined : value;
  }
}

/** Seconds from a config file as milliseconds. */
export function secondsToMs(seconds: number | undefined): number | undefined {
  return seconds === undefined ? undefined : Math.round(seconds * 1000);
}

/** `{ key: value }`, or `{}` when the value is absent, for optional members of a config object. */
export function optional<K extends string, V>(key: K, value: V | undefined | '' | false): { [P in K]?: V } {
  return (value === undefined || value === '' || value === false ? {} : { [key]: value }) as { [P in K]?: V };
}
