import type { TargetGroupMetrics } from '../core/proxy-admin.ts';

/** Upper bounds (seconds) of the latency histogram's buckets. */
export const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

// The status classes' labels, made once instead of per request.
const CODE_CLASSES = ['0xx', '1xx', '2xx', '3xx', '4xx', '5xx'];

interface GroupSeries {
  requests: Map<string, number>;
  responses5xx: number;
  bucketCounts: number[];
  count: number;
  sum: number;
}

/**
 * Request counts and latencies, per target group and per listener, in memory since start.
 * Rendered as Prometheus text for `/metrics` and as JSON for the engine.
 */
export class ProxyMetrics {
  readonly #groups = new Map<string, GroupSeries>();
  readonly #listeners = new Map<string, Map<string, number>>();

  /** Records one answered request. `targetGroup` is undefined when none was chosen (503). */
  record(options: { listener: string; targetGroup?: string; status: number; seconds: number }): void {
    const codeClass = CODE_CLASSES[Math.floor(options.status / 100)] ?? `${Math.floor(options.status / 100)}xx`;
    increment(this.#listenerSeries(options.listener), codeClass);
    if (options.targetGroup === undefined) return;
    const series = this.#groupSeries(options.targetGroup);
    increment(series.requests, codeClass);
    if (options.status >= 500) series.responses5xx += 1;
    series.count += 1;
    series.sum += options.seconds;
    // A plain loop: this runs once per request.
    for (let i = 0; i < DURATION_BUCKETS.length; i++) {
      if (options.seconds > DURATION_BUCKETS[i]!) continue;
      series.bucketCounts[i]! += 1;
      break;
    }
  }

  /** One target group's numbers (zeros when it served nothing yet). */
  forGroup(name: string): TargetGroupMetrics {
    const series = this.#groups.get(name) ?? emptySeries();
    let cumulative = 0;
    const buckets = DURATION_BUCKETS.map((le, i) => ({ le, count: (cumulative += series.bucketCounts[i]!) }));
    return {
      targetGroup: name, requests: Object.fromEntries(series.requests), responses5xx: series.responses5xx,
      duration: { count: series.count, sumSeconds: series.sum, buckets },
    };
  }

  /** The Prometheus text exposition (format 0.0.4). */
  prometheus(): string {
    const lines = [
      '# HELP cutover_proxy_requests_total Requests answered, by target group and status class.',
      '# TYPE cutover_proxy_requests_total counter',
    ];
    for (const [group, s] of this.#groups) for (const [c, n] of s.requests) lines.push(`cutover_proxy_requests_total{target_group="${group}",code_class="${c}"} ${n}`);
    lines.push('# HELP cutover_proxy_responses_5xx_total Responses with a 5xx status, including those the proxy made (502, 503, 504).',
      '# TYPE cutover_proxy_responses_5xx_total counter');
    for (const [group, s] of this.#groups) lines.push(`cutover_proxy_responses_5xx_total{target_group="${group}"} ${s.responses5xx}`);
    lines.push('# HELP cutover_proxy_request_duration_seconds Time from request to response end, by target group.',
      '# TYPE cutover_proxy_request_duration_seconds histogram');
    for (const group of this.#groups.keys()) lines.push(...histogramLines(this.forGroup(group)));
    lines.push('# HELP cutover_proxy_listener_requests_total Requests answered, by listener and status class (503s without a target group too).',
      '# TYPE cutover_proxy_listener_requests_total counter');
    for (const [listener, m] of this.#listeners) for (const [c, n] of m) lines.push(`cutover_proxy_listener_requests_total{listener="${listener}",code_class="${c}"} ${n}`);
    return `${lines.join('\n')}\n`;
  }

  #groupSeries(name: string): GroupSeries {
    let series = this.#groups.get(name);
    if (!series) this.#groups.set(name, (series = emptySeries()));
    return series;
  }

  #listenerSeries(name: string): Map<string, number> {
    let series = this.#listeners.get(name);
    if (!series) this.#listeners.set(name, (series = new Map()));
    return series;
  }
}

function emptySeries(): GroupSeries {
  return { requests: new Map(), responses5xx: 0, bucketCounts: DURATION_BUCKETS.map(() => 0), count: 0, sum: 0 };
}

function increment(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function histogramLines(m: TargetGroupMetrics): string[] {
  const label = `target_group="${m.targetGroup}"`;
  return [
    ...m.duration.buckets.map((b) => `cutover_proxy_request_duration_seconds_bucket{${label},le="${b.le}"} ${b.count}`),
    `cutover_proxy_request_duration_seconds_bucket{${label},le="+Inf"} ${m.duration.count}`,
    `cutover_proxy_request_duration_seconds_sum{${label}} ${m.duration.sumSeconds}`,
    `cutover_proxy_request_duration_seconds_count{${label}} ${m.duration.count}`,
  ];
}
