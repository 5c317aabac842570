import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import type { HealthCheck, Listener, ListenerSettings, TargetGroup, TargetGroupSettings } from '../../core/proxy-admin.ts';
import { ProxyAdminClient, ProxyAdminError } from '../../client/proxy-admin-client.ts';
import { CliError } from '../output/errors.ts';
import { outputOption, type OutputFormat } from '../output/output-format.ts';
import { Painter } from '../output/style.ts';
import { formatTable } from '../output/table.ts';

const DEFAULT_ADMIN_URL = 'http://127.0.0.1:8790';

interface AdminFlags {
  adminUrl?: string;
  adminToken?: string;
  output: OutputFormat;
}

/** Where `cutover lb` prints; tests pass their own to read it. */
export interface LbCommandOptions {
  write?: (text: string) => void;
}

/** `cutover lb`: target groups and listeners of a `cutover proxy`, through its admin API. */
export function lbCommand(options: LbCommandOptions = {}): Command {
  const write = options.write ?? ((text: string) => void process.stdout.write(text));
  const lb = new Command('lb')
    .description('manage the target groups and listeners of a cutover proxy (its admin API)')
    .addHelpText('after', '\nExamples:\n  cutover lb target-groups create blue --health-check-path /healthz\n'
      + '  cutover lb target-groups register blue 10.0.0.5:8080 10.0.0.6:8080\n'
      + '  cutover lb listeners create web --port 8080 --forward blue=100\n'
      + '  cutover lb listeners set-weights web blue=90 green=10\n  cutover lb target-groups list --output json');
  lb.addCommand(targetGroupCommands(write));
  lb.addCommand(listenerCommands(write));
  return lb;
}

type Write = (text: string) => void;

function targetGroupCommands(write: Write): Command {
  const group = new Command('target-groups').description('target groups: health checks, targets and their states');
  const leaf = leafWriting(write);
  group.addCommand(leaf('list', 'list target groups and the state of every target', [],
    async (client) => client.listTargetGroups(), printTargetGroups));
  group.addCommand(healthOptions(leaf('create', 'create a target group, or change its settings (targets are kept)', ['<name>'],
    async (client, [name], flags) => [await client.putTargetGroup(name!, targetGroupSettings(flags))], printTargetGroups)));
  group.addCommand(leaf('delete', 'delete a target group (refused while a listener sends it traffic)', ['<name>'],
    async (client, [name]) => (await client.deleteTargetGroup(name!), []), () => ''));
  group.addCommand(leaf('register', 'add host:port targets to a target group', ['<name>', '<address...>'],
    async (client, [name, addresses]) => [await client.registerTargets(name as string, addresses as unknown as string[])], printTargetGroups));
  group.addCommand(leaf('deregister', 'drain host:port targets out of a target group', ['<name>', '<address...>'],
    async (client, [name, addresses]) => [await client.deregisterTargets(name as string, addresses as unknown as string[])], printTargetGroups));
  return group;
}

function listenerCommands(write: Write): Command {
  const listeners = new Command('listeners').description('listeners: ports and how they split traffic between target groups');
  const leaf = leafWriting(write);
  listeners.addCommand(leaf('list', 'list listeners and their weights', [], async (client) => client.listListeners(), printListeners));
  listeners.addCommand(leaf('create', 'create or replace a listener', ['<name>'],
    async (client, [name], flags) => [await client.putListener(name!, listenerSettings(flags))], printListeners)
    .requiredOption('--port <port>', 'port to listen on', Number)
    .option('--host <host>', 'address to bind', '0.0.0.0')
    .requiredOption('--forward <group=weight...>', 'target groups and weights in percent, e.g. blue=90 green=10 (one group: blue)')
    .option('--sticky <seconds>', 'keep each client on its target group for this long (cookie cutover-tg)', Number)
    .option('--tls-cert <file>', 'PEM certificate file (with --tls-key: serve HTTPS)')
    .option('--tls-key <file>', 'PEM private key file'));
  listeners.addCommand(leaf('delete', 'delete a listener (its port closes)', ['<name>'],
    async (client, [name]) => (await client.deleteListener(name!), []), () => ''));
  listeners.addCommand(leaf('set-weights', 'set a listener\'s split (groups left out get 0)', ['<name>', '<group=weight...>'],
    async (client, [name, pairs]) => [await client.setWeights(name as string, parseWeights(pairs as unknown as string[]))], printListeners));
  return listeners;
}

type Run<T> = (client: ProxyAdminClient, args: (string | undefined)[], flags: Record<string, any>) => Promise<T[]>;

type Leaf = <T>(name: string, description: string, args: string[], run: Run<T>, print: (rows: T[]) => string) => Command;

/** One verb: its arguments, the shared admin options, a call, and how to print the answer as text. */
const leafWriting = (write: Write): Leaf => (name, description, args, run, print) => {
  const command = new Command(name).description(description);
  for (const arg of args) command.argument(arg);
  command
    .addOption(new Option('--admin-url <url>', `the proxy's admin API (default ${DEFAULT_ADMIN_URL})`).env('CUTOVER_PROXY_ADMIN_URL'))
    .addOption(new Option('--admin-token <token>', 'admin token (default: the proxy data directory\'s admin-token file)').env('CUTOVER_PROXY_ADMIN_TOKEN'))
    .addOption(outputOption());
  return command.action(async (...received: unknown[]) => {
    const flags = received[args.length] as AdminFlags & Record<string, unknown>;
    const client = new ProxyAdminClient({ url: flags.adminUrl ?? DEFAULT_ADMIN_URL, token: adminToken(flags) });
    const rows = await run(client, received.slice(0, args.length) as (string | undefined)[], flags).catch((error: unknown) => {
      throw cliErrorOf(error, flags.adminUrl ?? DEFAULT_ADMIN_URL);
    });
    if (flags.output === 'json') write(`${JSON.stringify(rows.length === 1 && name !== 'list' ? rows[0] : rows, null, 2)}\n`);
    else write(print(rows));
  });
};

function healthOptions(command: Command): Command {
  return command
    .option('--health-check-path <path>', 'path probed with GET (default /)')
    .option('--health-check-interval <seconds>', 'seconds between probes (default 5)', Number)
    .option('--health-check-timeout <seconds>', 'seconds a probe may take (default 2)', Number)
    .option('--healthy-threshold <n>', 'successes in a row to become healthy (default 2)', Number)
    .option('--unhealthy-threshold <n>', 'failures in a row to become unhealthy (default 2)', Number)
    .option('--matcher <codes>', 'statuses that pass, e.g. 200-399 or 200,204 (default 200-399)')
    .option('--deregistration-delay <seconds>', 'longest a deregistered target drains (default 300)', Number)
    .option('--request-timeout <seconds>', 'answer 504 when a target takes longer (default 60)', Number);
}

function targetGroupSettings(flags: Record<string, any>): TargetGroupSettings {
  const healthCheck: Partial<HealthCheck> = {
    path: flags.healthCheckPath, intervalSeconds: flags.healthCheckInterval, timeoutSeconds: flags.healthCheckTimeout,
    healthyThreshold: flags.healthyThreshold, unhealthyThreshold: flags.unhealthyThreshold, matcher: flags.matcher,
  };
  const given = Object.fromEntries(Object.entries(healthCheck).filter(([, v]) => v !== undefined));
  return {
    ...(Object.keys(given).length > 0 ? { healthCheck: given } : {}),
    deregistrationDelaySeconds: flags.deregistrationDelay, requestTimeoutSeconds: flags.requestTimeout,
  };
}

function listenerSettings(flags: Record<string, any>): ListenerSettings {
  const pairs = flags.forward as string[];
  const weights = pairs.length === 1 && !pairs[0]!.includes('=') ? { [pairs[0]!]: 100 } : parseWeights(pairs);
  const settings: ListenerSettings = {
    port: flags.port, host: flags.host,
    defaultAction: { forward: { targetGroups: Object.entries(weights).map(([name, weight]) => ({ name, weight })) } },
  };
  if (flags.sticky) settings.defaultAction.forward.stickiness = { enabled: true, durationSeconds: flags.sticky };
  if (flags.tlsCert || flags.tlsKey) {
    if (!flags.tlsCert || !flags.tlsKey) throw new CliError('--tls-cert and --tls-key go together');
    settings.tls = { certFile: flags.tlsCert, keyFile: flags.tlsKey };
  }
  return settings;
}

/** `blue=90 green=10` (or `blue=90,green=10`) as `{ blue: 90, green: 10 }`. */
function parseWeights(pairs: string[]): Record<string, number> {
  const weights: Record<string, number> = {};
  for (const pair of pairs.flatMap((p) => p.split(','))) {
    const m = /^([^=]+)=(\d+)$/.exec(pair.trim());
    if (!m) throw new CliError(`"${pair}" is not group=weight (e.g. blue=90)`);
    weights[m[1]!] = Number(m[2]);
  }
  return weights;
}

function adminToken(flags: AdminFlags): string {
  if (flags.adminToken) return flags.adminToken;
  const file = join(process.env.CUTOVER_PROXY_DATA_DIR ?? join(homedir(), '.cutover', 'proxy'), 'admin-token');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    throw new CliError(`no admin token: give --admin-token or CUTOVER_PROXY_ADMIN_TOKEN, or run where ${file} is readable`);
  }
}

function cliErrorOf(error: unknown, url: string): unknown {
  if (error instanceof ProxyAdminError) return new CliError(error.message.replace(/^\w+: /, ''), error.code);
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT') return new CliError(`cannot reach the proxy admin API at ${url} (${code}); check --admin-url`);
  return error;
}

function printTargetGroups(groups: TargetGroup[]): string {
  const rows = groups.flatMap((g) => {
    const check = `${g.healthCheck.path} every ${g.healthCheck.intervalSeconds}s`;
    if (g.targets.length === 0) return [[g.name, '-', '-', check]];
    return g.targets.map((t) => [g.name, t.address, t.state, check]);
  });
  return formatTable(['TARGET GROUP', 'TARGET', 'STATE', 'HEALTH CHECK'], rows, new Painter());
}

function printListeners(listeners: Listener[]): string {
  const rows = listeners.map((l) => {
    const forward = l.defaultAction.forward;
    return [
      l.name, `${l.tls ? 'https' : 'http'}://${l.host}:${l.port}`,
      forward.targetGroups.map((g) => `${g.name}=${g.weight}`).join(' '),
      forward.stickiness?.enabled ? `${forward.stickiness.durationSeconds}s` : '-',
    ];
  });
  return formatTable(['LISTENER', 'ADDRESS', 'WEIGHTS', 'STICKY'], rows, new Painter());
}
