import { Command } from 'commander';
import type { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { codeDeployClientFor } from '../client/codedeploy-client.ts';
import { resolveConnection, type Connection, type ConnectionFlags } from '../client/connection.ts';
import { connectionOptions } from './connection-options.ts';
import { outputOption, type OutputFormat } from './output/output-format.ts';

/** Flags every people command has: where the server is, as whom, and how to print. */
export interface CommonFlags extends ConnectionFlags {
  output: OutputFormat;
}

/**
 * A people command with the shared options (connection, `--output`) and a help text ending in
 * examples, so every command's `--help` shows how it is used.
 */
export function peopleCommand(name: string, description: string, examples: readonly string[]): Command {
  const command = new Command(name).description(description).addOption(outputOption());
  connectionOptions(command);
  return command.addHelpText('after', `\nExamples:\n${examples.map((e) => `  ${e}`).join('\n')}`);
}

/** The connection the flags and environment describe, and a CodeDeploy client on it. */
export async function connect(flags: ConnectionFlags): Promise<{ connection: Connection; client: CodeDeployClient }> {
  const connection = await resolveConnection(flags);
  return { connection, client: codeDeployClientFor(connection) };
}
