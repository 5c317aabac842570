// Hostile bytes against a real `cutover proxy`: requests built from valid and broken parts
// (methods, targets, versions, header names and values, framing, line endings), then mutated
// byte by byte. Whatever comes in, the proxy must answer with a well-formed status line or
// close, never with a 5xx, never crash, and never pass on anything the backend's own strict
// parser (node:http's) refuses: it writes every forwarded request itself.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { FAST_HEALTH, get, startProxyProcess, type ProxyProcess } from './proxy-fixtures.ts';

const CASES = 300;
const CASE_TIMEOUT_MS = 3_000;

const token = fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,12}$/);
const anyText = fc.string({ unit: 'binary-ascii', maxLength: 24 });
const method = fc.oneof({ weight: 3, arbitrary: fc.constantFrom('GET', 'POST', 'PUT') }, fc.constantFrom('GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'CONNECT', 'PRI'), token, anyText);
const target = fc.oneof(fc.constantFrom('/', '/a?b=c', '/%2e%2e/x', '*', 'http://other/x', '/a b', ''), anyText.map((s) => `/${s}`));
const version = fc.constantFrom('HTTP/1.1', 'HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1 ', 'HTTP/9', 'http/1.1', '');
const headerName = fc.oneof(
  fc.constantFrom('Host', 'Content-Length', 'Transfer-Encoding', 'Connection', 'Expect', 'Upgrade', 'Cookie', 'X-Forwarded-For', 'Keep-Alive', 'TE'),
  token, anyText);
const headerValue = fc.oneof(
  fc.constantFrom('chunked', 'gzip, chunked', 'chunked, identity', '0', '5', '-1', '99999999999999999999', '1, 2', 'close', 'upgrade', '100-continue', 'websocket', ' 5'),
  anyText);
const lineEnd = fc.constantFrom('\r\n', '\r\n', '\r\n', '\n', '\r', '\r\r\n');
const body = fc.oneof(fc.constant(''), anyText, fc.constantFrom('5\r\nhello\r\n0\r\n\r\n', 'zz\r\nx\r\n', '3\r\nabcdef\r\n0\r\n\r\n', '0\r\n\r\n'));

// Half the cases frame a body plausibly (a length that may not match, or chunked), so that
// mismatched framing is reached often, not only by chance.
const framing = fc.oneof(
  fc.constant<[string, string, string][]>([]),
  fc.nat({ max: 20 }).map((n): [string, string, string][] => [['Content-Length', String(n), ': ']]),
  fc.constant<[string, string, string][]>([['Transfer-Encoding', 'chunked', ': ']]));

/** One hostile request: its parts joined, then a few bytes flipped, inserted or dropped. */
const hostileRequest = fc.record({
  method, target, version, eol: lineEnd, body,
  headers: fc.tuple(framing, fc.array(fc.tuple(headerName, headerValue, fc.constantFrom(': ', ':', ' : ', ':  ')), { maxLength: 6 }))
    .map(([framed, rest]) => [['Host', 'fuzz', ': '] as [string, string, string], ...framed, ...rest]),
  mutations: fc.array(fc.tuple(fc.nat(), fc.constantFrom('flip', 'insert', 'drop'), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }),
}).map((r) => {
  const head = [`${r.method} ${r.target} ${r.version}`, ...r.headers.map(([n, v, sep]) => `${n}${sep}${v}`)].join(r.eol);
  const bytes = [...Buffer.from(`${head}${r.eol}${r.eol}${r.body}`, 'latin1')];
  for (const [at, kind, byte] of r.mutations) {
    const i = at % (bytes.length + 1);
    if (kind === 'flip' && i < bytes.length) bytes[i] = byte;
    else if (kind === 'insert') bytes.splice(i, 0, byte);
    else if (kind === 'drop') bytes.splice(i, 1);
  }
  return Buffer.from(bytes);
});

/** Sends the bytes, half-closes, and returns everything the proxy wrote back until it closed (or the wait ran out). */
function exchange(port: number, bytes: Buffer): Promise<{ reply: string; closed: boolean }> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(bytes));
    let reply = '';
    const finish = (closed: boolean) => (clearTimeout(timer), socket.destroy(), done({ reply, closed }));
    const timer = setTimeout(() => finish(false), CASE_TIMEOUT_MS);
    socket.on('data', (chunk: Buffer) => (reply += chunk.toString('latin1')));
    socket.on('error', () => {});
    socket.on('close', () => finish(true));
  });
}

const cleanups: (() => unknown)[] = [];
let proxy: ProxyProcess;
let port: number;
/** Requests the backend's parser refused: the proxy forwarded something malformed. */
const backendParseErrors: string[] = [];

before(async () => {
  const backend = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end('ok'));
  });
  backend.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    // A connection closed mid-request is the proxy cutting a request whose client cut it (on
    // purpose: the backend must not take it as complete); resets are not parse errors either.
    if (error.code?.startsWith('HPE_') && error.code !== 'HPE_INVALID_EOF_STATE') backendParseErrors.push(`${error.code}: ${error.message}`);
    socket.destroy();
  });
  await new Promise<void>((ready) => backend.listen(0, '127.0.0.1', ready));
  cleanups.push(() => (backend.closeAllConnections(), backend.close()));
  proxy = await startProxyProcess({ after: (fn) => cleanups.push(fn) });
  await proxy.client.putTargetGroup('fuzz', { healthCheck: { ...FAST_HEALTH, intervalSeconds: 1 }, requestTimeoutSeconds: 2 });
  await proxy.client.registerTargets('fuzz', [`127.0.0.1:${(backend.address() as AddressInfo).port}`]);
  port = (await proxy.client.putListener('fuzz', { port: 0, host: '127.0.0.1', defaultAction: { forward: { targetGroups: [{ name: 'fuzz', weight: 100 }] } } })).port;
});

after(async () => {
  for (const fn of cleanups.reverse()) await fn();
});

describe('cutover proxy under hostile bytes', () => {
  it(`answers ${CASES} mutated requests with a status line or a close, never a 5xx, and forwards nothing malformed`, async () => {
    const problems: string[] = [];
    await fc.assert(fc.asyncProperty(hostileRequest, async (bytes) => {
      const { reply, closed } = await exchange(port, bytes);
      const statuses = [...reply.matchAll(/(?:^|\r\n\r\n|\n)HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
      const problem = reply !== '' && !reply.startsWith('HTTP/1.1 ') ? 'reply is not HTTP'
        : statuses.some((s) => s >= 500) ? `answered ${statuses.join(',')}`
          : !closed ? 'the connection stayed open after the client closed its side' : undefined;
      if (problem) problems.push(`${problem} for ${JSON.stringify(bytes.toString('latin1'))}: ${JSON.stringify(reply.slice(0, 200))}`);
      return problem === undefined;
    }), { numRuns: CASES, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31) });
    assert.deepEqual(problems, []);
    assert.deepEqual(backendParseErrors, [], 'the backend refused requests the proxy wrote');
    assert.equal(proxy.process.exitCode, null, 'the proxy is still running');
    assert.equal((await get(`http://127.0.0.1:${port}/after-fuzz`)).status, 200);
  });
});
