import { visibleLength, type Painter } from './style.ts';

/**
 * Lays out rows under a header in aligned columns, two spaces apart; the header is bold when
 * colour is on. Cells may already be coloured: widths count visible characters only.
 */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[], painter: Painter): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => visibleLength(r[i] ?? ''))));
  const line = (cells: readonly string[]) => cells.map((c, i) => pad(c, widths[i]!)).join('  ').trimEnd();
  return [painter.paint('bold', line(header)), ...rows.map(line)].join('\n') + '\n';
}

function pad(cell: string, width: number): string {
  return cell + ' '.repeat(Math.max(0, width - visibleLength(cell)));
}
