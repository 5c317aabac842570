import { visibleLength } from './style.ts';

/** One line of a live view; `key` says which thing it is about (a host, the summary). */
export interface ViewLine {
  key: string;
  text: string;
}

/**
 * LiveView shows something that changes, such as a running deployment. On a terminal it redraws
 * its lines in place; anywhere else (a pipe, a CI log) it prints a line only when the line for
 * that key changed, with no control codes, so logs stay readable and greppable.
 */
export class LiveView {
  readonly #stream: NodeJS.WriteStream;
  readonly #redraw: boolean;
  #drawn = 0;
  readonly #printed = new Map<string, string>();

  constructor(options: { stream?: NodeJS.WriteStream; redraw?: boolean } = {}) {
    this.#stream = options.stream ?? process.stdout;
    this.#redraw = options.redraw ?? Boolean(this.#stream.isTTY);
  }

  /** Shows the current state. */
  update(lines: readonly ViewLine[]): void {
    if (this.#redraw) this.#draw(lines);
    else this.#printChanges(lines);
  }

  /** Leaves the last state on screen; what is written next goes below it. */
  finish(): void {
    this.#drawn = 0;
  }

  #draw(lines: readonly ViewLine[]): void {
    const width = this.#stream.columns || 120;
    // Lines are cut to the terminal's width: a wrapped line would make the cursor-up count wrong.
    // The reset ends any colour the cut left open.
    const text = lines.map((l) => (visibleLength(l.text) > width ? l.text.slice(0, width - 1) + '…\x1b[0m' : l.text));
    const up = this.#drawn > 0 ? `\x1b[${this.#drawn}F` : '';
    this.#stream.write(`${up}\x1b[0J${text.join('\n')}\n`);
    this.#drawn = text.length;
  }

  #printChanges(lines: readonly ViewLine[]): void {
    for (const line of lines) {
      if (this.#printed.get(line.key) === line.text) continue;
      this.#printed.set(line.key, line.text);
      this.#stream.write(`${line.text}\n`);
    }
  }
}
