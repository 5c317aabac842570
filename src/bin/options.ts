import { Option } from 'commander';
import { DEFAULT_DATA_DIR } from './data-dir.ts';

/** Default API port of `cutover server`. */
export const DEFAULT_PORT = 8700;

/** `--data-dir`, shared by every command that opens the store. */
export function dataDirOption(): Option {
  return new Option('--data-dir <dir>', 'data directory (SQLite file, secret key, admin credentials)')
    .env('CUTOVER_DATA_DIR').default(DEFAULT_DATA_DIR);
}

/** `--database-url`, shared by every command that opens the store. */
export function databaseUrlOption(): Option {
  return new Option('--database-url <url>', 'postgres://user:pass@host:port/db (default: SQLite in the data directory)')
    .env('CUTOVER_DATABASE_URL');
}

/** `--region`, the region reported in ARNs and written to credential files. */
export function regionOption(): Option {
  return new Option('--region <region>', 'region reported in ARNs and credential files').env('CUTOVER_REGION').default('us-east-1');
}

/** Parses a TCP port, for commander. */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port ${value}`);
  return port;
}

/** Parses a positive number of seconds (fractions allowed), for commander. */
export function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new Error(`invalid number of seconds ${value}`);
  return seconds;
}
