import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HaproxyRuntimeApi } from '../../src/engine/traffic/haproxy-runtime-api.ts';
import { freePort } from './s3.ts';

export { freePort };

/** HAProxy as Debian installs it (CI installs the same package). */
export const HAPROXY_BINARY = '/usr/sbin/haproxy';

/** A target group: an HAProxy backend of pre-declared server slots with an HTTP health check. */
export interface HaproxyTargetGroup {
  name: string;
  /** Server slots (`server-template`); default 10. */
  slots?: number;
  healthPath?: string;
  /** Health check interval; default 200 ms (tests). */
  intervalMs?: number;
  /** Successes to become healthy and failures to become unhealthy; default 2 and 2. */
  rise?: number;
  fall?: number;
}

/** A listener: a frontend on its own port splitting requests between target groups. */
export interface HaproxyListener {
  name: string;
  /** The groups it may forward to; all traffic starts on the first. */
  targetGroups: string[];
  /** Fixed port; default a free one. */
  port?: number;
}

/** What to generate. */
export interface HaproxyConfigOptions {
  /** Where the admin socket and map files live. */
  dir: string;
  listeners: HaproxyListener[];
  targetGroups: HaproxyTargetGroup[];
  /** Listener name → port. */
  ports: Record<string, number>;
}

/**
 * Generates the haproxy.cfg shape docs/traffic-routers.md requires (and its listener maps):
 * admin socket, one frontend per listener choosing its backend from `<listener>.map`, one
 * backend of server slots per target group. Returns the configuration text; writes the maps.
 */
export function writeHaproxyConfig(options: HaproxyConfigOptions): string {
  const socket = join(options.dir, 'admin.sock');
  const lines = [
    'global', `  stats socket ${socket} mode 600 level admin`, '  stats timeout 30s',
    'defaults', '  mode http', '  timeout connect 2s', '  timeout client 30s', '  timeout server 30s',
    // Without it a check times out after `inter` (200 ms here), and a busy test machine would mark
    // healthy servers down and answer 503.
    '  timeout check 2s',
    // A request that failed to connect, or met a connection the backend had just closed, is
    // sent again (to another server when possible) rather than answered with a 503.
    '  retries 3', '  option redispatch 1', '  retry-on conn-failure empty-response response-timeout',
  ];
  for (const listener of options.listeners) {
    const map = join(options.dir, `${listener.name}.map`);
    writeFileSync(map, Array.from({ length: 100 }, (_, i) => `${i} ${listener.targetGroups[0]}\n`).join(''));
    lines.push(`frontend ${listener.name}`, `  bind 127.0.0.1:${options.ports[listener.name]}`,
      `  use_backend %[rand(100),map_int(${map},${listener.targetGroups[0]})]`);
  }
  for (const group of options.targetGroups) {
    lines.push(`backend ${group.name}`, '  balance roundrobin', `  option httpchk GET ${group.healthPath ?? '/'}`,
      `  default-server check inter ${group.intervalMs ?? 200}ms rise ${group.rise ?? 2} fall ${group.fall ?? 2}`,
      `  server-template slot 1-${group.slots ?? 10} 0.0.0.0:80 disabled`);
  }
  return lines.join('\n') + '\n';
}

/** A real HAProxy process started by a test. */
export interface HaproxyProcess {
  /** The unix admin socket (`level admin`). */
  socket: string;
  /** Listener name → its traffic port on 127.0.0.1. */
  ports: Record<string, number>;
  dir: string;
  process: ChildProcess;
  output(): string;
  /** Stops HAProxy and deletes its directory. */
  stop(): Promise<void>;
}

/** Writes a configuration for the listeners and target groups, starts `haproxy -db` on it, and waits for its socket. */
export async function startHaproxy(options: Omit<HaproxyConfigOptions, 'dir' | 'ports'>): Promise<HaproxyProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'cutover-haproxy-'));
  const ports: Record<string, number> = {};
  for (const l of options.listeners) ports[l.name] = l.port ?? await freePort();
  const cfg = join(dir, 'haproxy.cfg');
  writeFileSync(cfg, writeHaproxyConfig({ ...options, dir, ports }));
  const child = spawn(HAPROXY_BINARY, ['-f', cfg, '-db'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c) => (output += c));
  child.stderr!.on('data', (c) => (output += c));
  const socket = join(dir, 'admin.sock');
  const haproxy: HaproxyProcess = {
    socket, ports, dir, process: child, output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        await new Promise((resolve) => {
          child.once('exit', resolve);
          child.kill('SIGTERM');
        });
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await waitForSocket(haproxy);
  return haproxy;
}
async function waitForSocket(haproxy: HaproxyProcess): Promise<void> {
  const api = new HaproxyRuntimeApi({ socket: haproxy.socket, timeoutMs: 1000 });
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (haproxy.process.exitCode !== null) throw new Error(`haproxy exited with ${haproxy.process.exitCode}:\n${haproxy.output()}`);
    if (existsSync(haproxy.socket) && await api.show('show info').then(() => true, () => false)) return;
    if (Date.now() > deadline) {
      await haproxy.stop();
      throw new Error(`haproxy did not open its admin socket within 10 s:\n${haproxy.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
