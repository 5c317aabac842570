import { StringDecoder } from 'node:string_decoder';

/** A line longer than this is emitted in pieces, so one endless line cannot exhaust memory. */
const MAX_LINE_CHARS = 64 * 1024;

/**
 * Turns a byte stream into lines, each ending with its `\n` as the official agent's line reader
 * returns them; multi-byte UTF-8 characters split across chunks are kept whole.
 */
export class LineSplitter {
  #decoder = new StringDecoder('utf8');
  #pending = '';

  /** Adds a chunk and returns the lines it completed. */
  push(chunk: Buffer): string[] {
    this.#pending += this.#decoder.write(chunk);
    const lines: string[] = [];
    let newline: number;
    while ((newline = this.#pending.indexOf('\n')) !== -1) {
      lines.push(this.#pending.slice(0, newline + 1));
      this.#pending = this.#pending.slice(newline + 1);
    }
    while (this.#pending.length > MAX_LINE_CHARS) {
      lines.push(this.#pending.slice(0, MAX_LINE_CHARS));
      this.#pending = this.#pending.slice(MAX_LINE_CHARS);
    }
    return lines;
  }

  /** The unterminated last line, if any, once the stream is over. */
  end(): string | undefined {
    const rest = this.#pending + this.#decoder.end();
    this.#pending = '';
    return rest === '' ? undefined : rest;
  }
}
