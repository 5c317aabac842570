/**
 * A DownloadBundle failure: the bundle could not be fetched, or it was refused or could not be
 * unpacked. The message is what the agent reports as the command's diagnostics message, so it
 * names the offending archive entry when there is one.
 */
export class BundleError extends Error {
  override name = 'BundleError';
  /** The archive entry at fault, as written in the archive, when the error is about one entry. */
  readonly entry: string | undefined;

  constructor(message: string, options: { entry?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.entry = options.entry;
  }
}

/** Refuses one archive entry, naming it in the message. */
export function refuseEntry(entry: string, reason: string): BundleError {
  return new BundleError(`Refusing bundle entry "${entry}": ${reason}`, { entry });
}
