import { S3Error } from './s3-error.ts';

/** An inclusive byte range of an object. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Reads a `Range: bytes=…` header for an object of `size` bytes: `a-b`, `a-` or `-n`. A header
 * S3 would ignore (another unit, several ranges, nonsense) gives undefined: the whole object.
 * A range that starts past the end throws InvalidRange (416).
 */
export function parseRange(header: string | undefined, size: number): ByteRange | undefined {
  const m = header && /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) throw unsatisfiable(size);
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Number(m[2]);
  if (start >= size) throw unsatisfiable(size);
  if (end < start) return undefined;
  return { start, end: Math.min(end, size - 1) };
}

function unsatisfiable(size: number): S3Error {
  return new S3Error('InvalidRange', 'The requested range is not satisfiable', { ActualObjectSize: String(size) });
}
