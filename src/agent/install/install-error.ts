/** The diagnostics error code of agent errors other than script failures ("unknown error"). */
export const INSTALL_ERROR_CODE = 5;

/**
 * Why an Install step failed. `officialMessage` is the official agent's message word for word;
 * `message` is the same text, prefixed with `appspec.yml:<line>:<col>: ` when the appspec
 * entry at fault is known. Reported in diagnostics with error code 5.
 */
export class InstallError extends Error {
  override name = 'InstallError';
  readonly errorCode = INSTALL_ERROR_CODE;
  readonly officialMessage: string;

  constructor(message: string, options: { officialMessage?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.officialMessage = options.officialMessage ?? message;
  }

  /** An error caused by one appspec entry: the message is prefixed with its location. */
  static at(where: { filename: string; line: number; col: number }, message: string): InstallError {
    return new InstallError(`${where.filename}:${where.line}:${where.col}: ${message}`, { officialMessage: message });
  }
}
