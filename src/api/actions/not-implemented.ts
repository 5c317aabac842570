import { AwsError } from '../errors.ts';

/** Placeholder while an operation is being written; a test fails while any handler uses it. */
export function notImplemented(operation: string): never {
  throw new AwsError('InvalidOperationException', `${operation} is not implemented`);
}
