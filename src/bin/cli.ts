import { Command, Option } from 'commander';
import { keysCommand } from './keys.ts';
import { databaseUrlOption, dataDirOption, DEFAULT_PORT, parsePort, regionOption } from './options.ts';
import { startServer } from './server.ts';

/** The `cutover` command line: one entry point for every verb. */
export function buildProgram(): Command {
  const program = new Command('cutover')
    .description('Cutover: a self-hosted deployment service that speaks the AWS CodeDeploy API')
    .showHelpAfterError();
  program.command('server')
    .description('run the Cutover server (CodeDeploy API) on its embedded defaults or the given store')
    .addOption(new Option('--port <port>', 'TCP port to listen on').env('CUTOVER_PORT').default(DEFAULT_PORT).argParser(parsePort))
    .addOption(new Option('--host <host>', 'address to bind').env('CUTOVER_HOST').default('127.0.0.1'))
    .addOption(dataDirOption()).addOption(databaseUrlOption()).addOption(regionOption())
    .addHelpText('after', '\nExamples:\n  cutover server\n  cutover server --port 9000 --data-dir /var/lib/cutover\n  cutover server --database-url postgres://cutover@db:5432/cutover')
    .action(runServer);
  program.addCommand(keysCommand());
  return program;
}

async function runServer(flags: { port: number; host: string; dataDir: string; databaseUrl?: string; region: string }): Promise<void> {
  const server = await startServer(flags);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal} received, stopping\n`);
    server.close().then(() => process.exit(0), (error) => {
      process.stderr.write(`error while stopping: ${String(error)}\n`);
      process.exit(1);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

buildProgram().parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`cutover: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
