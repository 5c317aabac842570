/**
 * An error a command reports as one line `cutover: <type>: <message>` (see describeError in
 * src/bin/cli.ts, which prints `type` when there is one).
 */
export class CliError extends Error {
  override name = 'CliError';
  readonly type?: string;

  constructor(message: string, type?: string) {
    super(message);
    this.type = type;
  }
}

// What to do about the errors people meet first: a key the server does not know, or a secret
// that does not match it.
const HINTS: Record<string, string> = {
  UnrecognizedClientException: 'the server does not know this access key; check AWS_PROFILE, AWS_ACCESS_KEY_ID or --profile',
  InvalidSignatureException: 'the secret key does not match the access key; check your credentials',
  InvalidAccessKeyId: 'the bundle store does not know this access key; check your credentials',
  SignatureDoesNotMatch: 'the secret key does not match the access key; check your credentials',
  AccessDeniedException: 'this access key\'s role may not do that; ask for a key with a stronger role',
};

/**
 * Turns what an SDK call threw into an error with the server's error name as `type`, adding a
 * hint for credential problems. Errors that never reached a server pass through unchanged
 * (describeError recognises refused connections by their code).
 */
export function toCliError(error: unknown): unknown {
  // Only answers from a server carry `$fault`; a refused connection has `$metadata` too.
  if (!(error instanceof Error) || !('$fault' in error)) return error;
  const type = error.name && error.name !== 'Error' ? error.name : 'UnknownError';
  const message = error.message && error.message !== 'UnknownError' ? error.message : `HTTP ${(error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? '?'}`;
  const hint = HINTS[type];
  return new CliError(hint ? `${message} (${hint})` : message, type);
}

/** Wraps a command's action so that SDK errors leave it as {@link CliError}s. */
export function cliAction<A extends unknown[]>(run: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await run(...args);
    } catch (error) {
      throw toCliError(error);
    }
  };
}
