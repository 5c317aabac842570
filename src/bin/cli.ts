import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { PEOPLE_COMMANDS, type CommandLoader } from '../cli/commands/index.ts';

/**
 * Every verb, in the order `cutover --help` lists them. Each module is imported only when its
 * command runs (all of them for the help listing), so that `cutover status` starts in a fraction
 * of the time the server's libraries would take to load.
 */
const COMMANDS: Readonly<Record<string, CommandLoader>> = {
  server: async () => (await import('./server-command.ts')).serverCommand(),
  up: async () => (await import('./up-command.ts')).upCommand(),
  keys: async () => (await import('./keys.ts')).keysCommand(),
  ...PEOPLE_COMMANDS,
  agent: async () => (await import('./agent-command.ts')).agentCommand(),
  proxy: async () => (await import('./proxy-command.ts')).proxyCommand(),
  local: async () => (await import('./local-command.ts')).localCommand(),
  validate: async () => (await import('./validate-command.ts')).validateCommand(),
};

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** The `cutover` command line, with the named command loaded (or every command when none matches). */
export async function buildProgram(argv: readonly string[]): Promise<Command> {
  const program = new Command('cutover')
    .description('Cutover: a self-hosted deployment service that speaks the AWS CodeDeploy API')
    .version(VERSION)
    .showHelpAfterError();
  const named = argv[2] !== undefined && Object.hasOwn(COMMANDS, argv[2]) ? [argv[2]] : Object.keys(COMMANDS);
  for (const command of await Promise.all(named.map((name) => COMMANDS[name]!()))) program.addCommand(command);
  return program;
}

buildProgram(process.argv).then((program) => program.parseAsync(process.argv)).catch((error: unknown) => {
  process.stderr.write(`cutover: ${describeError(error)}\n`);
  process.exit(1);
});

/** One line a person can act on: the server's error name, or why the server was not reached. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const type = (error as { type?: string }).type;
  if (type) return `${type}: ${error.message}`;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND') return `cannot reach the Cutover server (${error.message}); check --endpoint-url`;
  return error.message;
}
