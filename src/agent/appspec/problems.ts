import type { SourcePosition } from './types.ts';

/** One thing wrong with an appspec: the official message plus where it is. */
export interface AppSpecProblem {
  readonly filename: string;
  readonly line: number;
  readonly col: number;
  /** The official agent's message, word for word. */
  readonly message: string;
  /** `<filename>:<line>:<col>: <message>`, the form Cutover reports. */
  readonly text: string;
}

/** The outcome of one check that either yields a value or a message. */
export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/** Where parsers report problems; collects them all so that a validator can list every one. */
export class ProblemSink {
  readonly #filename: string;
  readonly #problems: AppSpecProblem[] = [];

  constructor(options: { filename: string }) {
    this.#filename = options.filename;
  }

  /** Records a problem at a position. */
  report(message: string, at: SourcePosition): void {
    this.#problems.push(problemAt(this.#filename, message, at));
  }

  /** Unwraps a check, recording its message when it failed. */
  take<T>(checked: Checked<T>, at: SourcePosition): T | undefined {
    if (checked.ok) return checked.value;
    this.report(checked.message, at);
    return undefined;
  }

  get problems(): readonly AppSpecProblem[] {
    return this.#problems;
  }
}

/** Builds a problem for a file position. */
export function problemAt(filename: string, message: string, at: SourcePosition): AppSpecProblem {
  return { filename, line: at.line, col: at.col, message, text: `${filename}:${at.line}:${at.col}: ${message}` };
}

/** A successful check. */
export function ok<T>(value: T): Checked<T> {
  return { ok: true, value };
}

/** A failed check. */
export function fail<T>(message: string): Checked<T> {
  return { ok: false, message };
}
