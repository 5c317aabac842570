import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { once } from 'node:events';
import { SYSTEM_CLOCK, type Clock } from '../../core/clock.ts';
import { LogWindow } from './log-window.ts';

/** Default cap on the full event log kept for upload. */
export const DEFAULT_FULL_LOG_CHARS = 1024 * 1024;

/**
 * The script log of one lifecycle event. Every entry (`LifecycleEvent - X\n`, `Script - loc\n`,
 * `[stdout]line\n`, `[stderr]line\n`) is appended to `logs/scripts.log` as a
 * `YYYY-MM-DD HH:MM:SS <entry>` line (local time, as the official agent writes it), kept in the
 * 2 KB diagnostics window, and kept in full, timestamped, for upload to the server (a Cutover
 * extension; capped so a runaway script cannot exhaust the agent's memory).
 */
export class ScriptLog {
  #file: string;
  #clock: Clock;
  #stream: WriteStream | undefined;
  #window = new LogWindow();
  #full: string[] = [];
  #fullChars = 0;
  #maxFullChars: number;
  #omitted = 0;

  constructor(options: { file: string; clock?: Clock; maxFullLogChars?: number }) {
    this.#file = options.file;
    this.#clock = options.clock ?? SYSTEM_CLOCK;
    this.#maxFullChars = options.maxFullLogChars ?? DEFAULT_FULL_LOG_CHARS;
  }

  /** Opens `scripts.log` for appending, creating `logs/` if needed. */
  async open(): Promise<void> {
    await mkdir(dirname(this.#file), { recursive: true });
    this.#stream = createWriteStream(this.#file, { flags: 'a' });
    await once(this.#stream, 'open');
  }

  /** Records one entry; it should end with `\n` (an unterminated last output line may not). */
  record(entry: string): void {
    const line = `${formatTimestamp(new Date(this.#clock.now()))} ${entry.endsWith('\n') ? entry : `${entry}\n`}`;
    this.#stream?.write(line);
    this.#window.append(entry);
    if (this.#fullChars + line.length > this.#maxFullChars) {
      this.#omitted++;
      return;
    }
    this.#full.push(line);
    this.#fullChars += line.length;
  }

  /** The diagnostics window: the most recent entries, without timestamps. */
  windowText(): string {
    return this.#window.text();
  }

  /** Every timestamped line of the event, with a note if lines were left out over the cap. */
  fullText(): string {
    const note = this.#omitted > 0 ? `[cutover] ${this.#omitted} more log lines were not kept (over ${this.#maxFullChars} characters)\n` : '';
    return this.#full.join('') + note;
  }

  /** Flushes and closes `scripts.log`. */
  async close(): Promise<void> {
    const stream = this.#stream;
    this.#stream = undefined;
    if (stream) await new Promise<void>((resolve, reject) => stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
}

/** `YYYY-MM-DD HH:MM:SS` in local time. */
export function formatTimestamp(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}
