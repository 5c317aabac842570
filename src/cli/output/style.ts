import { styleText } from 'node:util';

/** A style `util.styleText` knows: a colour or a modifier. */
export type Style = Parameters<typeof styleText>[0];

/**
 * Whether to colour what goes to `stream`: FORCE_COLOR (other than `0`) forces it, NO_COLOR
 * (any non-empty value, no-color.org) forbids it, otherwise only a terminal gets colour.
 */
export function colourFor(stream: NodeJS.WriteStream): boolean {
  const force = process.env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  if (process.env.NO_COLOR) return false;
  return Boolean(stream.isTTY);
}

/** Paints text for one output stream, or leaves it plain when that stream gets no colour. */
export class Painter {
  readonly enabled: boolean;

  constructor(stream: NodeJS.WriteStream = process.stdout) {
    this.enabled = colourFor(stream);
  }

  /** Returns `text` in `style`, or as is when colour is off. */
  paint(style: Style, text: string): string {
    return this.enabled ? styleText(style, text) : text;
  }

  /** Colours a deployment, target or lifecycle event status by what it means. */
  status(status: string): string {
    return this.paint(STATUS_STYLES[status] ?? 'reset', status);
  }
}

const STATUS_STYLES: Record<string, Style> = {
  Succeeded: 'green', Ready: 'green',
  Failed: 'red', Stopped: 'red',
  InProgress: 'cyan', Created: 'cyan', Queued: 'cyan', Baking: 'cyan',
  Pending: 'gray', Skipped: 'yellow', Unknown: 'yellow',
};

/** The width of text on a terminal, colour codes excluded. */
export function visibleLength(text: string): number {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, '').length;
}
