/**
 * Converts an action's output to its AWS JSON 1.1 form: `Date` becomes epoch seconds (a JSON
 * number, fractions allowed) and `undefined`/`null` members are left out rather than sent.
 */
export function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWire);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined && v !== null) out[k] = toWire(v);
    }
    return out;
  }
  return value;
}

/** Renders an action's output as the JSON body of a response. */
export function toWireJson(output: unknown): string {
  return JSON.stringify(toWire(output ?? {}));
}
