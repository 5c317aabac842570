import { AwsError } from './errors.ts';

/** Items per page of every paginated List operation, as AWS returns them. */
export const PAGE_SIZE = 100;

/**
 * Encodes a page position (usually the last key returned) as an opaque `nextToken`.
 * Positions are keys, not offsets, so inserts between pages neither repeat nor skip items.
 */
export function encodeNextToken(position: unknown): string {
  return Buffer.from(JSON.stringify({ v: 1, p: position })).toString('base64url');
}

/** Decodes a `nextToken`; throws InvalidNextTokenException for anything this server did not issue. */
export function decodeNextToken<T>(token: string | undefined, isPosition: (p: unknown) => p is T): T | undefined {
  if (token === undefined) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { v?: number; p?: unknown };
    if (parsed.v === 1 && isPosition(parsed.p)) return parsed.p;
  } catch {
    // Falls through to the error below: a token that does not decode is as invalid as a wrong one.
  }
  throw new AwsError('InvalidNextTokenException', 'The next token was specified in an invalid format.');
}

/**
 * Splits `rows` (fetched with a limit of PAGE_SIZE + 1) into one page and the token for the
 * next, if there is one.
 */
export function pageOf<T>(rows: T[], positionOf: (last: T) => unknown): { items: T[]; nextToken?: string } {
  if (rows.length <= PAGE_SIZE) return { items: rows };
  const items = rows.slice(0, PAGE_SIZE);
  return { items, nextToken: encodeNextToken(positionOf(items[items.length - 1]!)) };
}

/** Type guard for string positions, the common case. */
export function isString(p: unknown): p is string {
  return typeof p === 'string';
}
