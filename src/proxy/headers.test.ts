import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { endToEndHeaders, endToEndRawHeaders } from './headers.ts';

describe('endToEndHeaders', () => {
  it('drops hop-by-hop headers, the Proxy-* family and whatever Connection names', () => {
    const out = endToEndHeaders({
      connection: 'keep-alive, X-Hop, x-other', 'keep-alive': 'timeout=5', te: 'trailers', trailer: 'x', 'transfer-encoding': 'chunked',
      upgrade: 'websocket', 'proxy-authorization': 'Basic x', 'proxy-connection': 'keep-alive', 'proxy-whatever': '1',
      'x-hop': '1', 'x-other': '2', 'x-kept': '3', host: 'example.com', 'set-cookie': ['a=1', 'b=2'],
    });
    assert.deepEqual(out, { 'x-kept': '3', host: 'example.com', 'set-cookie': ['a=1', 'b=2'] });
  });
});

describe('endToEndRawHeaders', () => {
  it('keeps end-to-end raw headers in order with duplicates, drops hop-by-hop and Connection-named ones, and adds the cookie last', () => {
    const raw = ['Content-Type', 'text/plain', 'Set-Cookie', 'a=1', 'Keep-Alive', 'timeout=5', 'X-Hop', '1', 'Set-Cookie', 'b=2', 'Proxy-Foo', 'x', 'Connection', 'keep-alive, X-Hop']
      .map((s) => Buffer.from(s, 'latin1'));
    assert.deepEqual(endToEndRawHeaders(raw, 'cutover-tg=blue'), ['Content-Type', 'text/plain', 'Set-Cookie', 'a=1', 'Set-Cookie', 'b=2', 'set-cookie', 'cutover-tg=blue']);
    assert.deepEqual(endToEndRawHeaders([Buffer.from('X-A'), Buffer.from('1')]), ['X-A', '1']);
  });
});
