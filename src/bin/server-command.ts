import { Command, InvalidArgumentError, Option } from 'commander';
import { databaseUrlOption, dataDirOption, DEFAULT_PORT, parsePort, parseSeconds, regionOption } from './options.ts';
import { startServer } from './server.ts';
import { stopOnSignals } from './stop-on-signals.ts';
import { trafficRouterOptions, trafficRouterSettingsOf, type TrafficRouterFlags } from './traffic-router-setup.ts';

/** `cutover server`: the CodeDeploy API, the engine and the embedded services in one process. */
export function serverCommand(): Command {
  const command = new Command('server')
    .description('run the Cutover server (CodeDeploy API) on its embedded defaults or the given store')
    .addOption(new Option('--port <port>', 'TCP port to listen on').env('CUTOVER_PORT').default(DEFAULT_PORT).argParser(parsePort))
    .addOption(new Option('--host <host>', 'address to bind').env('CUTOVER_HOST').default('127.0.0.1'))
    .addOption(dataDirOption()).addOption(databaseUrlOption()).addOption(regionOption())
    .addOption(new Option('--bundle-dir <dir>', 'where the embedded bundle store (S3 API on the same port) keeps object bytes (default <data-dir>/bundles)')
      .env('CUTOVER_BUNDLE_DIR'))
    .addOption(new Option('--agent-pickup-timeout <seconds>', 'fail a lifecycle event no agent picks up within this long (AGENT_ISSUE)')
      .env('CUTOVER_AGENT_PICKUP_TIMEOUT').default(300).argParser(parseSeconds))
    .addOption(new Option('--event-timeout <seconds>', 'fail a lifecycle event running longer than this when its host declared no timeout (TIMEOUT)')
      .env('CUTOVER_EVENT_TIMEOUT').default(3600).argParser(parseSeconds))
    .addOption(new Option('--event-timeout-grace <seconds>', 'slack after the timeout a host declared for an event before it fails with TIMEOUT')
      .env('CUTOVER_EVENT_TIMEOUT_GRACE').default(30).argParser(parseSeconds))
    .addOption(new Option('--poll-wait <seconds>', 'longest a host agent\'s PollHostCommand is held open').env('CUTOVER_POLL_WAIT').default(45).argParser(parseSeconds))
    .addOption(new Option('--redeliver-after <seconds>', 'deliver a command again when its host has not acknowledged it for this long')
      .env('CUTOVER_REDELIVER_AFTER').default(10).argParser(parseSeconds))
    .addOption(new Option('--traffic-health-timeout <seconds>', 'fail AllowTraffic when a target is not healthy (BlockTraffic: not drained) within this long')
      .env('CUTOVER_TRAFFIC_HEALTH_TIMEOUT').default(300).argParser(parseSeconds))
    .addOption(new Option('--time-scale <n>', 'run deployment "minutes" (ready and termination waits, canary intervals) n times faster, for tests and demos')
      .env('CUTOVER_TIME_SCALE').default(1).argParser(parseTimeScale))
    .addOption(new Option('--on-terminate <command>', 'shell command run once per blue/green deployment whose original instances are TERMINATEd (env CUTOVER_DEPLOYMENT_ID, CUTOVER_INSTANCES)')
      .env('CUTOVER_ON_TERMINATE'));
  for (const option of trafficRouterOptions()) command.addOption(option);
  return command
    .addHelpText('after', '\nExamples:\n  cutover server\n  cutover server --embedded-proxy\n  cutover server --traffic-router haproxy --haproxy-socket /run/haproxy/admin.sock\n  cutover server --port 9000 --data-dir /var/lib/cutover\n  cutover server --database-url postgres://cutover@db:5432/cutover')
    .action(runServer);
}

interface ServerFlags extends TrafficRouterFlags {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  bundleDir?: string;
  region: string;
  agentPickupTimeout: number;
  eventTimeout: number;
  eventTimeoutGrace: number;
  pollWait: number;
  redeliverAfter: number;
  trafficHealthTimeout: number;
  timeScale: number;
  onTerminate?: string;
}

async function runServer(flags: ServerFlags): Promise<void> {
  const server = await startServer({
    ...flags,
    pollWaitMs: flags.pollWait * 1000,
    redeliverAfterMs: flags.redeliverAfter * 1000,
    engine: {
      agentPickupTimeoutMs: flags.agentPickupTimeout * 1000,
      eventTimeoutMs: flags.eventTimeout * 1000,
      eventTimeoutGraceMs: flags.eventTimeoutGrace * 1000,
      trafficHealthTimeoutMs: flags.trafficHealthTimeout * 1000,
      minuteMs: 60_000 / flags.timeScale,
    },
    traffic: trafficRouterSettingsOf(flags),
  });
  stopOnSignals(() => server.close());
}


/** A positive speed-up factor for deployment minutes (1 = real time). */
function parseTimeScale(value: string): number {
  const scale = Number(value);
  if (!Number.isFinite(scale) || scale <= 0) throw new InvalidArgumentError('expected a positive number, e.g. 60 for one-second minutes');
  return scale;
}
