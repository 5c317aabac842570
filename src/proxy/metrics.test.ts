import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProxyMetrics } from './metrics.ts';

// One sample line of the Prometheus text format 0.0.4: name, optional labels, value.
const SAMPLE = /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="[^"]*",?)*\})? -?[0-9.e+-]+$/;

describe('ProxyMetrics', () => {
  it('counts by status class, counts 5xx, and renders text in the Prometheus format', () => {
    const metrics = new ProxyMetrics();
    metrics.record({ listener: 'web', targetGroup: 'blue', status: 200, seconds: 0.002 });
    metrics.record({ listener: 'web', targetGroup: 'blue', status: 502, seconds: 0.3 });
    metrics.record({ listener: 'web', status: 503, seconds: 0 });
    const text = metrics.prometheus();
    for (const line of text.trimEnd().split('\n')) {
      if (!line.startsWith('#')) assert.match(line, SAMPLE);
    }
    assert.match(text, /^cutover_proxy_requests_total\{target_group="blue",code_class="5xx"\} 1$/m);
    assert.match(text, /^cutover_proxy_responses_5xx_total\{target_group="blue"\} 1$/m);
    assert.match(text, /^cutover_proxy_request_duration_seconds_bucket\{target_group="blue",le="0.0025"\} 1$/m);
    assert.match(text, /^cutover_proxy_request_duration_seconds_bucket\{target_group="blue",le="\+Inf"\} 2$/m);
    assert.match(text, /^cutover_proxy_listener_requests_total\{listener="web",code_class="5xx"\} 2$/m);
  });

  it('gives the engine one group\'s numbers as JSON, zeros for a group that served nothing', () => {
    const metrics = new ProxyMetrics();
    metrics.record({ listener: 'web', targetGroup: 'green', status: 204, seconds: 0.02 });
    const green = metrics.forGroup('green');
    assert.deepEqual(green.requests, { '2xx': 1 });
    assert.equal(green.responses5xx, 0);
    assert.equal(green.duration.count, 1);
    assert.equal(green.duration.buckets.find((b) => b.le === 0.025)?.count, 1);
    assert.equal(green.duration.buckets.find((b) => b.le === 0.01)?.count, 0);
    assert.deepEqual(metrics.forGroup('none').requests, {});
  });
});
