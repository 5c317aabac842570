import { connect, type Socket } from 'node:net';
import type { ProxyTargetGroup } from '../target-group.ts';
import { clientResponseHead, headerValue, ownAnswer, responseFraming, upstreamRequestHead, type RequestFacts } from './message-head.ts';
import { MessageParser, type ParsedHead } from './native-parser.ts';

/** A client's upgrade request (e.g. a WebSocket handshake) to pass to a target group. */
export interface UpgradeRequest {
  socket: Socket;
  head: ParsedHead;
  facts: RequestFacts;
  /** Bytes the client sent after the handshake, already read. */
  rest: Buffer;
  group: ProxyTargetGroup | undefined;
  setCookie: string | undefined;
  secure: boolean;
}

/**
 * Forwards an upgrade handshake on a connection of its own; when the target answers 101,
 * pipes the two sockets together for as long as both stay open (the tunnel counts as in
 * flight on its target, so draining waits for it up to the deregistration delay). Any other
 * answer is relayed, and the connection closes after it.
 */
export function forwardUpgrade(upgrade: UpgradeRequest): void {
  const { socket, group } = upgrade;
  const target = group?.pick();
  if (!group || !target) return void socket.end(ownAnswer(503, 'no healthy target\n', true), 'latin1');
  const release = target.acquire();
  const upstream = connect({ host: target.host, port: target.port, noDelay: true });
  const timer = setTimeout(() => upstream.destroy(new Error('timeout')), group.config.requestTimeoutSeconds * 1000);
  let status = 0;
  let piping = false;
  const closeBoth = () => {
    clearTimeout(timer);
    target.tunnels.delete(upstream);
    release();
    socket.destroy();
    upstream.destroy();
  };
  const parser = new MessageParser('response', {
    onHead: (head) => {
      if (head.statusCode < 200 && head.statusCode !== 101) return false;
      clearTimeout(timer);
      status = head.statusCode;
      socket.write(answerHead(head, upgrade), 'latin1');
      return false;
    },
    onBody: (chunk) => socket.write(chunk),
    onEnd: () => {
      if (status !== 101) socket.end();
    },
    onError: closeBoth,
    onRead: (parsed, data) => {
      if (status !== 101 || piping) return;
      piping = true;
      const early = data().subarray(parsed);
      parser.detach();
      if (early.length > 0) socket.write(early);
      if (upgrade.rest.length > 0) upstream.write(upgrade.rest);
      target.tunnels.add(upstream);
      socket.pipe(upstream).pipe(socket);
    },
  });
  upstream.once('connect', () => parser.attach(upstream));
  upstream.on('error', () => {
    if (status === 0 && !socket.destroyed) socket.end(ownAnswer(502, 'upstream error\n', true), 'latin1');
    closeBoth();
  });
  upstream.on('end', () => {
    if (!piping) parser.finish();
  });
  upstream.on('close', () => {
    parser.close();
    closeBoth();
  });
  socket.on('close', closeBoth);
  const { head, facts } = upgrade;
  upstream.write(upstreamRequestHead({ method: head.method, url: head.url, raw: head.rawHeaders, facts, clientAddress: socket.remoteAddress ?? '', secure: upgrade.secure, upgrade: true }), 'latin1');
}

/** The target's answer to the handshake, for the client: 101 keeps the upgrade, anything else closes after its body. */
function answerHead(head: ParsedHead, upgrade: UpgradeRequest): string {
  const common = { statusCode: head.statusCode, statusMessage: head.statusMessage, raw: head.rawHeaders, setCookie: upgrade.setCookie };
  if (head.statusCode === 101) {
    return clientResponseHead({ ...common, framing: { kind: 'none' }, close: false, upgrade: headerValue(head.rawHeaders, 'upgrade') ?? upgrade.facts.upgrade });
  }
  return clientResponseHead({ ...common, framing: responseFraming(head.rawHeaders, { bodyless: false, clientSpeaksChunked: false }), close: true });
}
