import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { endToEndHeaders } from './headers.ts';

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
