/** The official agent's diagnostics log size, in characters. */
export const LOG_WINDOW_CHARS = 2048;

/**
 * The rolling window of recent script-log entries sent as the diagnostics `log`: entries are
 * kept whole and the oldest are dropped first once the total passes the limit. As in the
 * official agent, a single entry longer than the limit empties the window.
 */
export class LogWindow {
  #entries: string[] = [];
  #chars = 0;
  #limit: number;

  constructor(options: { limit?: number } = {}) {
    this.#limit = options.limit ?? LOG_WINDOW_CHARS;
  }

  /** Adds one entry (e.g. `[stdout]hello\n`). */
  append(entry: string): void {
    this.#entries.push(entry);
    this.#chars += entry.length;
    while (this.#chars > this.#limit && this.#entries.length > 0) this.#chars -= this.#entries.shift()!.length;
  }

  /** The window's entries, concatenated. */
  text(): string {
    return this.#entries.join('');
  }
}
