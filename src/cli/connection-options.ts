import { Option, type Command } from 'commander';

/** Adds the options every command that talks to a server shares. */
export function connectionOptions(command: Command): Command {
  return command
    .addOption(new Option('--endpoint-url <url>', 'the Cutover server (default: CUTOVER_ENDPOINT, AWS_ENDPOINT_URL, or http://127.0.0.1:8700)'))
    .addOption(new Option('--profile <name>', 'AWS credentials profile to sign with').env('AWS_PROFILE'))
    .addOption(new Option('--region <region>', 'region to sign for').env('AWS_REGION'));
}
