// HTTP/1.1 conformance and hostile input against a real `cutover proxy` process. Most tests talk
// over raw sockets (node:net) with a small response parser of their own, because node:http would
// hide what is checked here: framing, pipelining, who closes the connection, interim 100s.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { after, before, describe, it } from 'node:test';
import { FAST_HEALTH, startProxyProcess, waitFor, type ProxyProcess } from './proxy-fixtures.ts';

const MiB = 1024 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sha256 = (...parts: Buffer[]) => parts.reduce((h, p) => h.update(p), createHash('sha256')).digest('hex');
/** Block k of a large body: 1 MiB of `block k ` repeated, so a lost, doubled or swapped block changes the hash. */
const block = (k: number) => Buffer.alloc(MiB, `block ${k} `);

/** A response as read off the wire; header names lower-cased, duplicates kept in order. */
interface WireResponse { status: number; headers: [string, string][]; body: Buffer }
const header = (headers: WireResponse['headers'], name: string) => headers.filter(([n]) => n === name).map(([, v]) => v);

/**
 * Parses one response from the front of `buf`: undefined while incomplete. `head` marks the
 * answer to a HEAD (its Content-Length announces a body that is not sent); without a length
 * or chunking, the body runs until the connection closes.
 */
function parseResponse(buf: Buffer, closed: boolean, head: boolean): { response: WireResponse; used: number } | undefined {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine, ...lines] = buf.toString('latin1', 0, end).split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3}) /.exec(statusLine!)?.[1]);
  if (!status) throw new Error(`not a status line: ${JSON.stringify(statusLine)}`);
  const headers = lines.map((l): [string, string] => [l.slice(0, l.indexOf(':')).trim().toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]);
  const done = (body: Buffer, used: number) => ({ response: { status, headers, body }, used });
  let at = end + 4;
  if (head || status < 200 || status === 204 || status === 304) return done(Buffer.alloc(0), at);
  if (/chunked/i.test(header(headers, 'transfer-encoding').join())) {
    const chunks: Buffer[] = [];
    for (;;) {
      const lineEnd = buf.indexOf('\r\n', at);
      if (lineEnd < 0) return undefined;
      const size = parseInt(buf.toString('latin1', at, lineEnd), 16);
      at = lineEnd + 2;
      if (size === 0) {
        const trailersEnd = buf.subarray(at, at + 2).toString() === '\r\n' ? at + 2 : buf.indexOf('\r\n\r\n', at) + 4;
        return trailersEnd >= at + 2 && buf.length >= trailersEnd ? done(Buffer.concat(chunks), trailersEnd) : undefined;
      }
      if (buf.length < at + size + 2) return undefined;
      chunks.push(buf.subarray(at, at + size));
      at += size + 2;
    }
  }
  const length = header(headers, 'content-length')[0];
  if (length !== undefined) return buf.length >= at + Number(length) ? done(buf.subarray(at, at + Number(length)), at + Number(length)) : undefined;
  return closed ? done(buf.subarray(at), buf.length) : undefined;
}

/** Every raw connection a test opened, closed after the suite (a keep-alive one would stay open). */
const rawConnections = new Set<Socket>();

/** A client connection that writes exactly the bytes given and reads responses with parseResponse. */
class RawConnection {
  readonly socket: Socket;
  #buffer = Buffer.alloc(0);
  #closed = false;
  #wake = () => {};

  constructor(port: number) {
    this.socket = connect(port, '127.0.0.1');
    rawConnections.add(this.socket);
    this.socket.on('data', (c: Buffer) => ((this.#buffer = Buffer.concat([this.#buffer, c])), this.#wake()));
    this.socket.on('close', () => ((this.#closed = true), this.#wake()));
    this.socket.on('error', () => {}); // a reset by the proxy shows up as 'close'
  }

  get closed(): boolean { return this.#closed; }
  write(bytes: string | Buffer): void { this.socket.write(bytes); }

  /** The next response; rejects when the connection closes before it is complete. */
  async read(options: { head?: boolean } = {}): Promise<WireResponse> {
    for (;;) {
      const parsed = parseResponse(this.#buffer, this.#closed, options.head ?? false);
      if (parsed) return ((this.#buffer = this.#buffer.subarray(parsed.used)), parsed.response);
      if (this.#closed) throw new Error(`connection closed mid-response after ${this.#buffer.length} bytes: ${JSON.stringify(this.#buffer.toString('latin1', 0, 300))}`);
      await this.#next('a complete response');
    }
  }

  /** Waits until the unread bytes contain `text`. */
  async until(text: string): Promise<void> {
    while (!this.#buffer.includes(text)) await this.#next(JSON.stringify(text));
  }

  /** Whether the proxy closed the connection within `ms` (true) or kept it open (false). */
  async closesWithin(ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (!this.#closed && Date.now() < deadline) await this.#next('', deadline - Date.now()).catch(() => {});
    return this.#closed;
  }

  unread(): string { return this.#buffer.toString('latin1'); }

  #next(what: string, ms = 10_000): Promise<void> {
    if (this.#closed) return Promise.reject(new Error(`connection closed while waiting for ${what}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms; unread: ${JSON.stringify(this.unread().slice(0, 300))}`)), ms);
      this.#wake = () => (clearTimeout(timer), resolve());
    });
  }
}

/** A GET over its own connection: the test that something works, after something hostile. */
async function assertStillServing(port: number, path = '/still-serving'): Promise<void> {
  const c = new RawConnection(port);
  c.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
  const r = await c.read();
  assert.equal(r.status, 200);
  assert.equal(r.body.toString(), path);
}

/**
 * The backend behind the proxy, one route per behaviour under test; anything else answers its
 * own request target (req.url), which is how tests see what the proxy forwarded.
 */
function handle(req: IncomingMessage, res: ServerResponse): void | Promise<void> {
  const url = new URL(req.url!, 'http://backend');
  const ms = Number(url.searchParams.get('ms') ?? 150);
  switch (url.pathname) {
    case '/health': return void res.end('ok');
    case '/echo-body': {
      const hash = createHash('sha256');
      let length = 0;
      req.on('data', (c: Buffer) => ((length += c.length), hash.update(c)));
      return void req.on('end', () => res.end(JSON.stringify({ length, sha256: hash.digest('hex'), expect: req.headers.expect ?? null })));
    }
    case '/chunks': return (async () => { // no Content-Length: node sends it chunked, one chunk per write
      for (let i = 1; i <= 4; i++) {
        res.write(`part-${i} `);
        await sleep(ms);
      }
      res.end();
    })();
    case '/big': return (async () => {
      res.writeHead(200, { 'content-length': String(20 * MiB) });
      for (let k = 0; k < 20; k++) if (!res.write(block(k))) await once(res, 'drain');
      res.end();
    })();
    case '/head': return void res.writeHead(200, { 'content-length': '11' }).end('hello world');
    case '/no-content': return void res.writeHead(204).end();
    // A 304 may carry the Content-Length of the representation it stands for, but never a body.
    case '/not-modified': return void res.writeHead(304, { etag: '"v1"', 'content-length': '42' }).end();
    case '/slow': return void setTimeout(() => res.end(req.url), ms);
    case '/cookies': return void res.writeHead(200, [['set-cookie', 'a=1; Path=/'], ['set-cookie', 'b=2; Expires=Wed, 21 Oct 2037 07:28:00 GMT']]).end('cookies');
    case '/cut': { // promises 1000 bytes, sends 10, then dies
      const socket = req.socket;
      return void socket.write('HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\n0123456789', () => setTimeout(() => socket.destroy(), 100));
    }
    // Which backend connection carried the request; `hint` advertises a keep-alive timeout.
    case '/socket-id': {
      const hint = url.searchParams.get('hint');
      return void res.writeHead(200, hint ? { 'keep-alive': `timeout=${hint}` } : {}).end(String(socketId(req.socket)));
    }
    default: return void res.end(req.url);
  }
}

const socketIds = new WeakMap<Socket, number>();
let socketsSeen = 0;
function socketId(socket: Socket): number {
  if (!socketIds.has(socket)) socketIds.set(socket, ++socketsSeen);
  return socketIds.get(socket)!;
}

const cleanups: (() => unknown)[] = [];
let proxy: ProxyProcess;
let port: number;
/** Requests the backend received, health checks left out. */
let backendHits = 0;
before(async () => {
  const backend = createServer((req, res) => {
    if (!req.url!.startsWith('/health')) backendHits++;
    void handle(req, res);
  });
  await new Promise<void>((done) => backend.listen(0, '127.0.0.1', done));
  cleanups.push(() => (backend.closeAllConnections(), backend.close()));
  proxy = await startProxyProcess({ after: (fn) => cleanups.push(fn) });
  await proxy.client.putTargetGroup('conf', { healthCheck: { ...FAST_HEALTH, intervalSeconds: 1 } });
  await proxy.client.registerTargets('conf', [`127.0.0.1:${(backend.address() as AddressInfo).port}`]);
  port = (await proxy.client.putListener('conf', { port: 0, host: '127.0.0.1', defaultAction: { forward: { targetGroups: [{ name: 'conf', weight: 100 }] } } })).port;
});
after(async () => {
  for (const socket of rawConnections) socket.destroy();
  for (const fn of cleanups.reverse()) await fn();
});

describe('cutover proxy speaks HTTP/1.1', () => {
  it('relays a chunked request body intact, and streams a chunked response as it comes', async () => {
    const c = new RawConnection(port);
    const parts = ['first chunk, ', 'second, a little longer chunk, ', 'x'.repeat(5000), ' and the end'].map((p) => Buffer.from(p));
    c.write('POST /echo-body HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n');
    for (const p of parts) {
      c.write(Buffer.concat([Buffer.from(`${p.length.toString(16)}\r\n`), p, Buffer.from('\r\n')]));
      await sleep(20); // separate writes, so the chunks reach the proxy in separate reads
    }
    c.write('0\r\n\r\n');
    const echoed = JSON.parse((await c.read()).body.toString());
    assert.deepEqual({ length: echoed.length, sha256: echoed.sha256 }, { length: Buffer.concat(parts).length, sha256: sha256(...parts) });

    c.write('GET /chunks?ms=150 HTTP/1.1\r\nHost: x\r\n\r\n');
    await c.until('part-1');
    // The backend sends part-4 450 ms after part-1: a proxy that buffers would deliver them together.
    assert.ok(!c.unread().includes('part-4'), 'the response was buffered, not streamed');
    assert.equal((await c.read()).body.toString(), 'part-1 part-2 part-3 part-4 ');
  });

  it('carries 20 MiB both ways, complete and unchanged', async () => {
    const blocks = Array.from({ length: 20 }, (_, k) => block(k));
    const echoed = await new Promise<string>((done, fail) => {
      const req = request({ port, host: '127.0.0.1', path: '/echo-body', method: 'POST', headers: { 'content-length': String(20 * MiB) } }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (c: string) => (text += c)).on('end', () => done(text));
      }).on('error', fail);
      pipeline(Readable.from(blocks), req).catch(fail);
    });
    assert.deepEqual(JSON.parse(echoed), { length: 20 * MiB, sha256: sha256(...blocks), expect: null });

    const received = await new Promise<{ length: number; hash: string }>((done, fail) => {
      request({ port, host: '127.0.0.1', path: '/big' }, (res) => {
        const hash = createHash('sha256');
        let length = 0;
        res.on('data', (c: Buffer) => ((length += c.length), hash.update(c))).on('end', () => done({ length, hash: hash.digest('hex') })).on('error', fail);
      }).on('error', fail).end();
    });
    assert.deepEqual(received, { length: 20 * MiB, hash: sha256(...blocks) });
  });

  it('answers HEAD with the backend\'s Content-Length and no body, keeping the connection in step', async () => {
    const c = new RawConnection(port);
    c.write('HEAD /head HTTP/1.1\r\nHost: x\r\n\r\n');
    const head = await c.read({ head: true });
    assert.equal(head.status, 200);
    assert.deepEqual(header(head.headers, 'content-length'), ['11']);
    // Any body bytes would be read as the start of the next response and break it.
    c.write('GET /after-head HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.equal((await c.read()).body.toString(), '/after-head');
  });

  it('relays 204 and 304 without a body, and the connection goes on', async () => {
    const c = new RawConnection(port);
    c.write('GET /no-content HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.equal((await c.read()).status, 204);
    c.write('GET /not-modified HTTP/1.1\r\nHost: x\r\nIf-None-Match: "v1"\r\n\r\n');
    const notModified = await c.read();
    assert.equal(notModified.status, 304);
    assert.deepEqual(header(notModified.headers, 'etag'), ['"v1"']);
    c.write('GET /after-304 HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.equal((await c.read()).body.toString(), '/after-304');
  });

  it('answers sequential requests on one keep-alive connection, and pipelined ones in order', async () => {
    const c = new RawConnection(port);
    for (let i = 1; i <= 5; i++) {
      c.write(`GET /seq-${i} HTTP/1.1\r\nHost: x\r\n\r\n`);
      assert.equal((await c.read()).body.toString(), `/seq-${i}`);
    }
    assert.equal(c.closed, false);
    // The first is the slowest: answers must still come back in request order.
    c.write(['/slow?ms=300&n=1', '/pipe-2', '/pipe-3'].map((p) => `GET ${p} HTTP/1.1\r\nHost: x\r\n\r\n`).join(''));
    const bodies = [];
    for (let i = 0; i < 3; i++) bodies.push((await c.read()).body.toString());
    assert.deepEqual(bodies, ['/slow?ms=300&n=1', '/pipe-2', '/pipe-3']);
  });

  it('answers an HTTP/1.0 client without chunking (even for a chunked backend answer), then closes', async () => {
    const c = new RawConnection(port);
    c.write('GET /chunks?ms=20 HTTP/1.0\r\nHost: x\r\n\r\n');
    assert.ok(await c.closesWithin(5000), 'the proxy kept an HTTP/1.0 connection open');
    const r = await c.read();
    assert.equal(r.status, 200);
    assert.deepEqual(header(r.headers, 'transfer-encoding'), [], 'an HTTP/1.0 client cannot read chunked');
    assert.equal(r.body.toString(), 'part-1 part-2 part-3 part-4 ');
  });

  it('closes the connection after answering a request with Connection: close', async () => {
    const c = new RawConnection(port);
    c.write('GET /closing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    assert.equal((await c.read()).body.toString(), '/closing');
    assert.ok(await c.closesWithin(5000), 'the connection stayed open');
  });

  it('sends 100 Continue before the body of an Expect: 100-continue request, then the answer', async () => {
    const c = new RawConnection(port);
    const body = Buffer.from('the body, sent only once the proxy said to go on');
    c.write(`POST /echo-body HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: ${body.length}\r\n\r\n`);
    assert.equal((await c.read()).status, 100);
    c.write(body);
    const answer = await c.read();
    assert.equal(answer.status, 200);
    assert.deepEqual(JSON.parse(answer.body.toString()), { length: body.length, sha256: sha256(body), expect: null });
  });

  const hostile: { name: string; bytes: string; status: (s: number) => boolean }[] = [
    { name: 'a garbage request line', bytes: 'GARBAGE-WITHOUT-A-VERSION\r\n\r\n', status: (s) => s === 400 },
    { name: 'both Content-Length and Transfer-Encoding', bytes: 'POST /echo-body HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', status: (s) => s === 400 },
    { name: 'headers over 64 KiB', bytes: `GET /big-headers HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(70 * 1024)}\r\n\r\n`, status: (s) => s === 431 || s === 400 },
    { name: 'a non-numeric Content-Length', bytes: 'POST /echo-body HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\nabc', status: (s) => s === 400 },
  ];
  for (const h of hostile) {
    it(`refuses ${h.name} with a 4xx, closes, never forwards it, and goes on serving`, async () => {
      const hits = backendHits;
      const c = new RawConnection(port);
      c.write(h.bytes);
      assert.ok(await c.closesWithin(5000), 'the connection stayed open');
      const r = await c.read();
      assert.ok(h.status(r.status), `status ${r.status}`);
      assert.equal(backendHits, hits, 'the backend saw the request');
      await assertStillServing(port);
    });
  }

  it('cuts the client\'s connection when the backend dies mid-body, and goes on serving', async () => {
    const c = new RawConnection(port);
    c.write('GET /cut HTTP/1.1\r\nHost: x\r\n\r\n');
    await assert.rejects(c.read(), /closed mid-response/);
    assert.match(c.unread(), /0123456789$/);
    await assertStillServing(port);
  });

  it('survives clients that leave while their requests wait on a slow backend, and does not count a reset one', async () => {
    const leave = async (how: (s: Socket) => void) => {
      const c = new RawConnection(port);
      const hits = backendHits;
      c.write('GET /slow?ms=500 HTTP/1.1\r\nHost: x\r\n\r\n');
      await waitFor('the slow request to reach the backend', () => backendHits > hits);
      how(c.socket);
      await sleep(700); // past the backend's answer, which now has nowhere to go
    };
    // A FIN alone may be a half-close by a client still reading, so the proxy may answer it
    // (and count it); only that nothing breaks is checked.
    await leave((s) => s.destroy());
    await assertStillServing(port);
    // A reset leaves no doubt: the request was abandoned before any answer, so it is not counted.
    const before = (await proxy.client.targetGroupMetrics('conf')).requests['2xx'] ?? 0;
    await leave((s) => s.resetAndDestroy());
    await assertStillServing(port);
    assert.equal((await proxy.client.targetGroupMetrics('conf')).requests['2xx'], before + 1, 'only the served request counts');
    assert.equal((await fetch(`${proxy.adminUrl}/metrics`)).status, 200);
    assert.deepEqual(await (await fetch(`${proxy.adminUrl}/healthz`)).json(), { status: 'ok' });
  });

  it('forwards the request target byte for byte, and keeps duplicate Set-Cookie headers apart', async () => {
    const c = new RawConnection(port);
    const target = '/a%20b/%2Fc//d/./e/../f?q=%41%2b&q=2&flag&sp=a+b&utf=%E2%9C%93&=';
    c.write(`GET ${target} HTTP/1.1\r\nHost: x\r\n\r\n`);
    assert.equal((await c.read()).body.toString(), target);
    c.write('GET /cookies HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.deepEqual(header((await c.read()).headers, 'set-cookie'), ['a=1; Path=/', 'b=2; Expires=Wed, 21 Oct 2037 07:28:00 GMT']);
  });

  it('reuses an idle target connection, but not past the target\'s advertised Keep-Alive timeout (less a second)', async () => {
    const c = new RawConnection(port);
    const viaProxy = async (query: string) => {
      c.write(`GET /socket-id${query} HTTP/1.1\r\nHost: x\r\n\r\n`);
      return (await c.read()).body.toString();
    };
    const first = await viaProxy('');
    await sleep(300);
    assert.equal(await viaProxy(''), first, 'a connection idle for 300 ms is reused');
    const hinted = await viaProxy('?hint=2');
    await sleep(1300);
    assert.notEqual(await viaProxy('?hint=2'), hinted, 'timeout=2 allows 1 s of idleness, and 1.3 s passed');
  });

  it('answers 400 when the client closes its side in the middle of a request body, without waiting for the target', async () => {
    const c = new RawConnection(port);
    c.write('POST /echo-body HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789');
    await sleep(100);
    c.socket.end();
    const answer = await c.read();
    assert.equal(answer.status, 400);
    assert.match(answer.body.toString(), /cut short/);
    assert.equal(await c.closesWithin(2_000), true);
  });
});
