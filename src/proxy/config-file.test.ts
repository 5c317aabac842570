import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { parseConfig } from './config-file.ts';

describe('parseConfig', () => {
  it('reads admin settings, target groups with defaults, and listeners', () => {
    const config = parseConfig(parse(`
admin: { port: 9000, token: secret }
targetGroups:
  blue:
    healthCheck: { path: /healthz, intervalSeconds: 0.5 }
    targets: [127.0.0.1:3001]
listeners:
  web:
    port: 8080
    defaultAction: { forward: { targetGroups: [{ name: blue, weight: 100 }] } }
`));
    assert.deepEqual(config.admin, { port: 9000, token: 'secret' });
    const [blue] = config.seed.targetGroups;
    assert.equal(blue?.healthCheck.path, '/healthz');
    assert.equal(blue?.healthCheck.healthyThreshold, 2);
    assert.equal(blue?.deregistrationDelaySeconds, 300);
    assert.deepEqual(blue?.targets, ['127.0.0.1:3001']);
    assert.equal(config.seed.listeners[0]?.host, '0.0.0.0');
  });

  it('names the bad entry', () => {
    assert.throws(() => parseConfig({ targetGroups: { blue: { targets: ['nope'] } } }), /targetGroups.blue.targets/);
    assert.throws(() => parseConfig({ targetGroups: { 'bad name': {} } }), /must match/);
    assert.throws(() => parseConfig({ listeners: { web: { port: 'x' } } }), /port/);
    assert.throws(() => parseConfig({ targetGroups: { blue: { healthCheck: { matcher: '2xx' } } } }), /matcher/);
  });
});
