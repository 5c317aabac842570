/** A byte count a person reads: `812 B`, `4.2 MB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/**
 * ProgressBar draws one line `[#####-----]  42%  84.0 MB / 200.0 MB  12.5 MB/s` on a terminal,
 * redrawn at most ten times a second. Off a terminal it draws nothing: a pipe or CI log gets
 * only the final summary the command prints itself.
 */
export class ProgressBar {
  readonly #stream: NodeJS.WriteStream;
  readonly #enabled: boolean;
  readonly #started = Date.now();
  #lastDraw = 0;

  constructor(options: { stream?: NodeJS.WriteStream; enabled?: boolean } = {}) {
    this.#stream = options.stream ?? process.stderr;
    this.#enabled = options.enabled ?? Boolean(this.#stream.isTTY);
  }

  /** Shows progress: `done` of `total` units, and `bytes` moved so far for the rate. */
  update(done: number, total: number, bytes: number): void {
    if (!this.#enabled || Date.now() - this.#lastDraw < 100) return;
    this.#lastDraw = Date.now();
    const fraction = total > 0 ? Math.min(1, done / total) : 0;
    const filled = Math.round(fraction * 30);
    const seconds = Math.max(0.001, (Date.now() - this.#started) / 1000);
    this.#stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(30 - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}%  `
      + `${formatBytes(done)} / ${formatBytes(total)}  ${formatBytes(bytes / seconds)}/s\x1b[K`);
  }

  /** Removes the bar, leaving the line for what comes next. */
  clear(): void {
    if (this.#enabled) this.#stream.write('\r\x1b[K');
  }
}
