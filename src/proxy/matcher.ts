/**
 * Parses a health-check matcher (`200-399`, `200,204`, `200,300-302`) into a predicate on
 * status codes. Throws an Error naming the bad part, for the admin API to answer 400.
 */
export function parseMatcher(matcher: string): (status: number) => boolean {
  const ranges = matcher.split(',').map((part) => parseRange(part.trim()));
  return (status) => ranges.some(([low, high]) => status >= low && status <= high);
}

function parseRange(part: string): [number, number] {
  const m = /^(\d{3})(?:-(\d{3}))?$/.exec(part);
  const low = Number(m?.[1]);
  const high = Number(m?.[2] ?? m?.[1]);
  if (!m || low < 100 || high > 599 || low > high) throw new Error(`matcher part "${part}" is not a status code or range like 200-399`);
  return [low, high];
}
