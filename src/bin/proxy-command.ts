import { join } from 'node:path';
import { homedir } from 'node:os';
import { Command, Option } from 'commander';
import { DEFAULT_ADMIN_PORT, startProxy } from '../proxy/start-proxy.ts';
import { parsePort } from './options.ts';

/** Where `cutover proxy` keeps its state by default (and where `cutover lb` finds the token). */
export const DEFAULT_PROXY_DATA_DIR = join(homedir(), '.cutover', 'proxy');

interface ProxyFlags {
  config?: string;
  dataDir: string;
  adminPort?: number;
  adminHost?: string;
  drainTimeout: number;
}

/** `cutover proxy`: the built-in L7 load balancer and its admin API, in the foreground. */
export function proxyCommand(): Command {
  return new Command('proxy')
    .description('run the Cutover load balancer: listeners forwarding to weighted target groups, with an admin API')
    .addOption(new Option('--config <file>', 'YAML or JSON file seeding listeners and target groups on first start').env('CUTOVER_PROXY_CONFIG'))
    .addOption(new Option('--data-dir <dir>', 'state directory (proxy-state.json, admin-token)').env('CUTOVER_PROXY_DATA_DIR').default(DEFAULT_PROXY_DATA_DIR))
    .addOption(new Option('--admin-port <port>', `admin API port (default ${DEFAULT_ADMIN_PORT}, or the config file's)`).env('CUTOVER_PROXY_ADMIN_PORT').argParser(parsePort))
    .addOption(new Option('--admin-host <host>', 'admin API address (default 127.0.0.1, or the config file\'s)').env('CUTOVER_PROXY_ADMIN_HOST'))
    .addOption(new Option('--drain-timeout <seconds>', 'on SIGINT/SIGTERM, how long requests in flight may take to finish')
      .default(10).argParser(Number))
    .addHelpText('after', '\nThe config file only seeds the state: changes made through the admin API (cutover lb) persist in\n'
      + '<data-dir>/proxy-state.json and win on later starts. See docs/proxy.md.\n'
      + '\nExamples:\n  cutover proxy --config /etc/cutover/proxy.yml\n  cutover proxy --data-dir /var/lib/cutover/proxy --admin-port 8790')
    .action(runProxy);
}

async function runProxy(flags: ProxyFlags): Promise<void> {
  const proxy = await startProxy({
    configFile: flags.config, dataDir: flags.dataDir, adminPort: flags.adminPort, adminHost: flags.adminHost,
    drainMs: flags.drainTimeout * 1000,
  });
  for (const l of proxy.listeners()) process.stdout.write(`listener ${l.name} on ${l.tls ? 'https' : 'http'}://${l.host}:${l.port}\n`);
  process.stdout.write(`cutover proxy admin API listening on ${proxy.adminUrl} (token in ${join(flags.dataDir, 'admin-token')})\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal} received, draining\n`);
    proxy.close().then(() => process.exit(0), (error) => {
      process.stderr.write(`error while stopping: ${String(error)}\n`);
      process.exit(1);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
