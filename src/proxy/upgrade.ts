import { request, STATUS_CODES, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import type { Duplex } from 'node:stream';
import { endToEndHeaders, upstreamHeaders } from './headers.ts';
import type { ProxyTargetGroup } from './target-group.ts';

/** A client's upgrade request (e.g. a WebSocket handshake) to pass to a target group. */
export interface UpgradeRequest {
  req: IncomingMessage;
  socket: Duplex;
  head: Buffer;
  group: ProxyTargetGroup;
  secure: boolean;
  setCookie?: string;
}

/**
 * Forwards an upgrade handshake; when the target answers 101, pipes the two sockets together
 * for as long as both stay open (the tunnel counts as in flight on its target, so draining
 * waits for it up to the deregistration delay). Any other answer is relayed as is.
 */
export function forwardUpgrade(upgrade: UpgradeRequest): void {
  const { req, socket, group } = upgrade;
  const target = group.pick();
  if (!target) return rawAnswer(socket, 503, 'no healthy target\n');
  const release = target.acquire();
  socket.on('error', () => socket.destroy());
  const upstream = request({
    host: target.host, port: target.port, method: req.method, path: req.url, agent: false,
    headers: upstreamHeaders(req, { secure: upgrade.secure, upgrade: true }),
  });
  const timer = setTimeout(() => upstream.destroy(new Error('timeout')), group.config.requestTimeoutSeconds * 1000);
  upstream.on('upgrade', (res, upSocket, upHead) => {
    clearTimeout(timer);
    const headers: OutgoingHttpHeaders = { ...endToEndHeaders(res.headers), connection: 'Upgrade', upgrade: res.headers.upgrade };
    if (upgrade.setCookie) headers['set-cookie'] = [...(res.headers['set-cookie'] ?? []), upgrade.setCookie];
    socket.write(head(101, res.statusMessage, headers));
    if (upHead.length > 0) socket.write(upHead);
    if (upgrade.head.length > 0) upSocket.write(upgrade.head);
    target.tunnels.add(upSocket);
    const close = () => {
      target.tunnels.delete(upSocket);
      release();
      socket.destroy();
      upSocket.destroy();
    };
    upSocket.on('error', close).on('close', close);
    socket.on('close', close);
    socket.pipe(upSocket).pipe(socket);
  });
  upstream.on('response', (res) => {
    clearTimeout(timer);
    socket.write(head(res.statusCode ?? 502, res.statusMessage, { ...endToEndHeaders(res.headers), connection: 'close' }));
    res.pipe(socket);
    res.on('end', release);
  });
  upstream.on('error', () => {
    clearTimeout(timer);
    release();
    rawAnswer(socket, 502, 'upstream error\n');
  });
  upstream.end();
}

function head(status: number, message: string | undefined, headers: OutgoingHttpHeaders): string {
  const lines = [`HTTP/1.1 ${status} ${message || STATUS_CODES[status] || ''}`];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) lines.push(`${name}: ${v}`);
  }
  return `${lines.join('\r\n')}\r\n\r\n`;
}

function rawAnswer(socket: Duplex, status: number, text: string): void {
  if (socket.destroyed) return;
  socket.end(head(status, undefined, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text), connection: 'close' }) + text);
}
