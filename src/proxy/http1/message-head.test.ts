import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clientResponseHead, endToEnd, requestFacts, responseFraming, upstreamRequestHead } from './message-head.ts';

describe('endToEnd', () => {
  it('drops hop-by-hop headers, the Proxy-* family, Content-Length and whatever Connection names; keeps duplicates in order', () => {
    const raw = ['Content-Type', 'text/plain', 'Set-Cookie', 'a=1', 'Keep-Alive', 'timeout=5', 'X-Hop', '1', 'Set-Cookie', 'b=2',
      'Proxy-Foo', 'x', 'TE', 'trailers', 'Transfer-Encoding', 'chunked', 'Content-Length', '5', 'Upgrade', 'h2c', 'Connection', 'keep-alive, X-Hop'];
    assert.equal(endToEnd(raw), 'Content-Type: text/plain\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n');
  });
});

describe('requestFacts', () => {
  it('reads host, joined cookies and X-Forwarded-For, Expect and the body framing in one pass', () => {
    const facts = requestFacts(['Host', 'example.com', 'Cookie', 'a=1', 'cookie', 'cutover-tg=blue', 'X-Forwarded-For', '10.0.0.1',
      'x-forwarded-for', '10.0.0.2', 'Expect', '100-Continue', 'Content-Length', '12']);
    assert.deepEqual(facts, { host: 'example.com', cookie: 'a=1; cutover-tg=blue', forwardedFor: '10.0.0.1, 10.0.0.2', expectContinue: true, hasBody: true, contentLength: '12' });
    assert.equal(requestFacts(['Content-Length', '0']).hasBody, false);
    assert.equal(requestFacts(['Transfer-Encoding', 'chunked']).hasBody, true);
  });
});

describe('upstreamRequestHead', () => {
  it('appends the client to X-Forwarded-For, replaces the client\'s -Proto and -Host, drops Expect, and re-chunks a chunked body', () => {
    const raw = ['Host', 'example.com', 'X-Forwarded-For', '10.0.0.1', 'X-Forwarded-Proto', 'https', 'Expect', '100-continue', 'Transfer-Encoding', 'chunked'];
    const head = upstreamRequestHead({ method: 'POST', url: '/a?b=%20', raw, facts: requestFacts(raw), clientAddress: '127.0.0.1', secure: false });
    assert.equal(head, 'POST /a?b=%20 HTTP/1.1\r\nHost: example.com\r\nx-forwarded-for: 10.0.0.1, 127.0.0.1\r\nx-forwarded-proto: http\r\n'
      + 'x-forwarded-host: example.com\r\ntransfer-encoding: chunked\r\n\r\n');
  });
});

describe('responseFraming and clientResponseHead', () => {
  it('keeps a length, chunks an unframed answer for HTTP/1.1 clients and closes for HTTP/1.0 ones', () => {
    assert.deepEqual(responseFraming(['Content-Length', '3'], { bodyless: false, clientSpeaksChunked: true }), { kind: 'length', length: '3' });
    assert.deepEqual(responseFraming(['Transfer-Encoding', 'chunked'], { bodyless: false, clientSpeaksChunked: true }), { kind: 'chunked' });
    assert.deepEqual(responseFraming([], { bodyless: false, clientSpeaksChunked: false }), { kind: 'close' });
    assert.deepEqual(responseFraming(['Content-Length', '9'], { bodyless: true, clientSpeaksChunked: true }), { kind: 'length', length: '9' });
    assert.deepEqual(responseFraming([], { bodyless: true, clientSpeaksChunked: true }), { kind: 'none' });
  });

  it('writes the status line, the cookie and the framing', () => {
    const head = clientResponseHead({ statusCode: 404, statusMessage: '', raw: ['X-A', '1'], framing: { kind: 'chunked' }, close: true, setCookie: 'cutover-tg=green' });
    assert.equal(head, 'HTTP/1.1 404 Not Found\r\nX-A: 1\r\nset-cookie: cutover-tg=green\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n');
  });
});
